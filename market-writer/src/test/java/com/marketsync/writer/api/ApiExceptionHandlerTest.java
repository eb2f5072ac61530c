package com.marketsync.writer.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks that every kind of failure the API can meet is answered as a problem with the right status. */
class ApiExceptionHandlerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
            .setControllerAdvice(new ApiExceptionHandler())
            .build();

    @Test
    void answersUnreachableDatabaseWithServiceUnavailable() throws Exception {
        MockHttpServletResponse response = call("/fail/connection");

        assertThat(response.getStatus()).isEqualTo(503);
        JsonNode problem = problem(response);
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("errorId").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).doesNotContain("secret-host");
    }

    @Test
    void answersATimedOutQueryWithServiceUnavailable() throws Exception {
        assertThat(call("/fail/timeout").getStatus()).isEqualTo(503);
    }

    @Test
    void answersOtherDatabaseErrorsWithAServerErrorWithoutInternals() throws Exception {
        MockHttpServletResponse response = call("/fail/sql");

        assertThat(response.getStatus()).isEqualTo(500);
        JsonNode problem = problem(response);
        assertThat(problem.get("errorId").asString()).isNotBlank();
        assertThat(response.getContentAsString()).doesNotContain("market.secret_table");
    }

    @Test
    void answersUnexpectedFailuresWithAServerErrorProblem() throws Exception {
        MockHttpServletResponse response = call("/fail/bug");

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(problem(response).get("errorId").asString()).isNotBlank();
        assertThat(response.getContentAsString()).doesNotContain("boom");
    }

    @Test
    void namesTheParameterOfATypeMismatch() throws Exception {
        MockHttpServletResponse response = call("/typed?count=many");

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("field").asString()).isEqualTo("count");
        assertThat(problem.get("detail").asString()).contains("'count'");
    }

    @Test
    void namesAMissingRequiredParameter() throws Exception {
        MockHttpServletResponse response = call("/typed");

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = problem(response);
        assertThat(problem.get("field").asString()).isEqualTo("count");
        assertThat(problem.get("detail").asString()).contains("'count'");
    }

    @Test
    void answersAnUnknownSkuWithNotFound() throws Exception {
        MockHttpServletResponse response = call("/fail/unknown");

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(problem(response).get("sku").asString()).isEqualTo("DD1391-100");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aClientThatHungUpIsNoServerFailure(CapturedOutput output) throws Exception {
        call("/fail/gone");

        assertThat(output).doesNotContain("Failed to answer");
    }

    private MockHttpServletResponse call(String path) throws Exception {
        return mvc.perform(get(path)).andReturn().getResponse();
    }

    private static JsonNode problem(MockHttpServletResponse response) throws Exception {
        assertThat(MediaType.parseMediaType(response.getContentType())
                        .isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        return JSON.readTree(response.getContentAsString());
    }

    /** Fails the way the real controllers can fail. */
    @RestController
    static class FailingController {

        @GetMapping("/fail/connection")
        String connection() {
            throw new CannotGetJdbcConnectionException(
                    "Failed to obtain JDBC Connection", new SQLException("Connection to secret-host refused"));
        }

        @GetMapping("/fail/timeout")
        String timeout() {
            throw new QueryTimeoutException("canceling statement due to statement timeout");
        }

        @GetMapping("/fail/sql")
        String sql() {
            throw new BadSqlGrammarException(
                    "query", "SELECT * FROM market.secret_table", new SQLException("relation does not exist"));
        }

        @GetMapping("/fail/bug")
        String bug() {
            throw new IllegalStateException("boom");
        }

        @GetMapping("/fail/gone")
        String gone() {
            // what writing a body to a client that closed its connection ends in
            throw new HttpMessageNotWritableException("Could not write JSON", new IOException("Broken pipe"));
        }

        @GetMapping("/fail/unknown")
        String unknown() {
            throw new UnknownSkuException("DD1391-100");
        }

        @GetMapping("/typed")
        String typed(@RequestParam("count") int count) {
            return Integer.toString(count);
        }
    }
}
