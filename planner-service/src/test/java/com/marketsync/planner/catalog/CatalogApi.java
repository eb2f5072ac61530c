package com.marketsync.planner.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the catalog API of a planner on a local port, sending the test's WRITE key. */
final class CatalogApi {

    /** The WRITE key the tests configure by its SHA-256 hash. */
    static final String KEY = "catalog-test-key";

    /** Configures {@link #KEY} as a WRITE key, by its SHA-256 hash. */
    static final String KEY_HASH_PROPERTY = "market.planner.api.keys.catalog-test.hash="
            + "b3ccfc6f62eaaf885365e012bd3d7556ef6fe877ed47abcebf140114d7aa3b8d";

    static final String KEY_ROLE_PROPERTY = "market.planner.api.keys.catalog-test.role=WRITE";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    CatalogApi(int port) {
        this.base = "http://localhost:" + port;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Response post(String path, String json) {
        return send(body("POST", path, "application/json", json));
    }

    Response put(String path, String json) {
        return send(body("PUT", path, "application/json", json));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    Response send(String method, String path, String contentType, String body) {
        return send(body(method, path, contentType, body));
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private HttpRequest.Builder body(String method, String path, String contentType, String body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(
                    request.header("X-API-Key", KEY)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? null : JSON.readTree(text);
            return new Response(
                    response.statusCode(),
                    body,
                    response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response: status, the JSON body (null if empty), Location and Content-Type. */
    record Response(int status, JsonNode body, String location, String contentType) {

        /** The {@code field} of a problem body. */
        String field() {
            JsonNode field = body == null ? null : body.get("field");
            return field == null ? null : field.asString();
        }

        String detail() {
            JsonNode detail = body == null ? null : body.get("detail");
            return detail == null ? null : detail.asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
