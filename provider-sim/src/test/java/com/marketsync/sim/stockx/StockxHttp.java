package com.marketsync.sim.stockx;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Plain HTTP calls against a running simulator, the way an outside StockX client makes them, keeping the refresh
 * token of its own rotation chain.
 */
final class StockxHttp {

    static final String API_KEY = "demo-api-key";

    private final RestClient http;
    private String refreshToken;

    /** A client whose first refresh uses {@code refreshToken}, e.g. one from {@link StockxLogin}. */
    StockxHttp(int port, String refreshToken) {
        this.refreshToken = refreshToken;
        this.http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                // tests assert on error statuses, so never turn them into exceptions
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    ResponseEntity<JsonNode> tokenResponse(String clientId, String clientSecret, String refreshToken) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("client_id", clientId);
        form.add("client_secret", clientSecret);
        form.add("refresh_token", refreshToken);
        form.add("audience", "gateway.stockx.com");
        return http.post()
                .uri("/stockx/oauth/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .toEntity(JsonNode.class);
    }

    /** A fresh access token; the refresh rotates the refresh token, which is kept for the next one. */
    String token() {
        ResponseEntity<JsonNode> response = tokenResponse("demo-client", "demo-secret", refreshToken);
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("token grant failed: " + response);
        }
        refreshToken = response.getBody().get("refresh_token").asString();
        return response.getBody().get("access_token").asString();
    }

    ResponseEntity<JsonNode> get(String pathAndQuery, String apiKey, String bearer) {
        return http.get()
                .uri(pathAndQuery)
                .headers(h -> {
                    if (apiKey != null) {
                        h.set("x-api-key", apiKey);
                    }
                    if (bearer != null) {
                        h.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
                    }
                })
                .retrieve()
                .toEntity(JsonNode.class);
    }

    /** An authenticated call with a fresh token. */
    ResponseEntity<JsonNode> get(String pathAndQuery) {
        return get(pathAndQuery, API_KEY, token());
    }

    ResponseEntity<String> raw(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }
}
