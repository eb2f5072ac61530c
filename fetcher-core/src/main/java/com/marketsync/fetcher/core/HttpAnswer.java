package com.marketsync.fetcher.core;

import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;

/**
 * An HTTP answer read completely, so the connection is released before it is interpreted.
 *
 * @param status the HTTP status code
 * @param headers the response headers, read-only
 * @param body the whole response body, empty if there was none
 */
public record HttpAnswer(int status, HttpHeaders headers, byte[] body) {

    /** Reads status, headers and the whole body of a response; use it as the {@code exchange} function. */
    public static HttpAnswer of(ClientHttpResponse response) throws IOException {
        return new HttpAnswer(
                response.getStatusCode().value(),
                HttpHeaders.readOnlyHttpHeaders(response.getHeaders()),
                response.getBody().readAllBytes());
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
