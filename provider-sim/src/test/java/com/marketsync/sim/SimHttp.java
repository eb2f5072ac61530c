package com.marketsync.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls against a running simulator, as any outside client makes them; error statuses are returned. */
public final class SimHttp {

    public static final String ALIAS_PAT = "demo-alias-pat";
    public static final String EBAY_CLIENT_ID = "demo-ebay-client";
    public static final String EBAY_CLIENT_SECRET = "demo-ebay-secret";
    public static final String EBAY_SCOPE = "https://api.ebay.com/oauth/api_scope";
    public static final String STOCKX_API_KEY = "demo-api-key";

    private final String base;
    private final RestClient http;

    public SimHttp(int port) {
        this(port, Duration.ofSeconds(30));
    }

    /** A client that gives up on a response after {@code readTimeout}. */
    public SimHttp(int port, Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(readTimeout);
        this.base = "http://localhost:" + port;
        this.http = RestClient.builder()
                .requestFactory(requests)
                // tests assert on error statuses, so never turn them into exceptions
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    /**
     * The URI of a path on the sim, or of a full URL the sim handed out; braces and pipes (eBay filters) are encoded
     * unless the string is already encoded.
     */
    private URI uri(String pathOrUrl) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        if (url.contains("%")) {
            return URI.create(url);
        }
        return UriComponentsBuilder.fromUriString(url).build().encode().toUri();
    }

    public ResponseEntity<JsonNode> get(String pathAndQuery, Map<String, String> headers) {
        return http.get()
                .uri(uri(pathAndQuery))
                .headers(h -> headers.forEach(h::set))
                .retrieve()
                .toEntity(JsonNode.class);
    }

    public ResponseEntity<String> getText(String pathAndQuery, Map<String, String> headers) {
        return http.get()
                .uri(uri(pathAndQuery))
                .headers(h -> headers.forEach(h::set))
                .retrieve()
                .toEntity(String.class);
    }

    public ResponseEntity<JsonNode> postJson(String path, String json) {
        return http.post()
                .uri(uri(path))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json)
                .retrieve()
                .toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> postForm(String path, Map<String, String> form, Map<String, String> headers) {
        MultiValueMap<String, String> body = new LinkedMultiValueMap<>();
        form.forEach(body::add);
        return http.post()
                .uri(uri(path))
                .headers(h -> headers.forEach(h::set))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(body)
                .retrieve()
                .toEntity(JsonNode.class);
    }

    public ResponseEntity<JsonNode> delete(String path) {
        return http.delete().uri(uri(path)).retrieve().toEntity(JsonNode.class);
    }

    /** {@code GET} on the Alias API with the demo token. */
    public ResponseEntity<JsonNode> alias(String pathAndQuery) {
        return get("/alias/api/v1" + pathAndQuery, Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + ALIAS_PAT));
    }

    /** The eBay token endpoint's answer for a client-credentials grant. */
    public ResponseEntity<JsonNode> ebayTokenResponse(String clientId, String clientSecret, Map<String, String> form) {
        HttpHeaders basic = new HttpHeaders();
        basic.setBasicAuth(clientId, clientSecret);
        return postForm(
                "/ebay/identity/v1/oauth2/token",
                form,
                Map.of(HttpHeaders.AUTHORIZATION, basic.getFirst(HttpHeaders.AUTHORIZATION)));
    }

    /** A fresh eBay application token for the demo keyset. */
    public String ebayToken() {
        ResponseEntity<JsonNode> response = ebayTokenResponse(
                EBAY_CLIENT_ID, EBAY_CLIENT_SECRET, Map.of("grant_type", "client_credentials", "scope", EBAY_SCOPE));
        if (!response.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("eBay token grant failed: " + response);
        }
        return response.getBody().get("access_token").asString();
    }

    /** {@code GET} on the eBay Browse API with a token, on the default marketplace. */
    public ResponseEntity<JsonNode> ebay(String pathAndQuery, String token) {
        return get("/ebay/buy/browse/v1" + pathAndQuery, Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    /** {@code GET} on the StockX API with the demo key and a token. */
    public ResponseEntity<JsonNode> stockx(String pathAndQuery, String accessToken) {
        return get(
                "/stockx/v2" + pathAndQuery,
                Map.of("x-api-key", STOCKX_API_KEY, HttpHeaders.AUTHORIZATION, "Bearer " + accessToken));
    }
}
