package com.marketsync.planner.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A client that hangs up is not a failure of the planner's API. */
@ExtendWith(OutputCaptureExtension.class)
class ApiExceptionHandlerTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new HangingUpController())
            .setControllerAdvice(new ApiExceptionHandler())
            .build();

    @Test
    void aClientThatHungUpIsNoServerFailure(CapturedOutput output) throws Exception {
        mvc.perform(get("/gone"));

        assertThat(output).doesNotContain("Failed to answer");
    }

    @Test
    void aBodyTheServerCannotWriteIsStillLoggedAsAFailure(CapturedOutput output) throws Exception {
        mvc.perform(get("/unwritable"));

        assertThat(output).contains("Failed to answer GET /unwritable");
    }

    @RestController
    static class HangingUpController {

        @GetMapping("/gone")
        String gone() {
            // what writing a body to a client that closed its connection ends in
            throw new HttpMessageNotWritableException("Could not write JSON", new IOException("Broken pipe"));
        }

        @GetMapping("/unwritable")
        String unwritable() {
            throw new HttpMessageNotWritableException("Could not write JSON", new IllegalStateException("no writer"));
        }
    }
}
