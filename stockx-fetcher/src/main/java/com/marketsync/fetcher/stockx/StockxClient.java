package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.stockx.StockxException.Kind;
import com.marketsync.fetcher.stockx.StockxResponses.ApiError;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.Product;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxResponses.Search;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * Calls the StockX v2 catalog API (search, variants, product market data) with the API key and bearer token, and
 * classifies every answer: 404 not found, 429 rate limited, 401 refreshed and retried once, anything else failed.
 *
 * <p>It never retries on its own beyond that one 401: the fetch loop publishes an outcome and the planner re-issues
 * the request later, so retries live in exactly one layer.
 */
@Component
class StockxClient {

    private final RestClient http;
    private final StockxProperties properties;
    private final StockxTokens tokens;
    private final Clock clock;

    StockxClient(RestClient stockxRestClient, StockxProperties properties, StockxTokens tokens, Clock clock) {
        this.http = stockxRestClient;
        this.properties = properties;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** One page of catalog search results for a style code, keyword or GTIN (fuzzy: filter the result). */
    List<Product> search(String query) {
        Response response = get("search", uri -> uri.path("/catalog/search")
                .queryParam("query", "{query}")
                .queryParam("pageSize", properties.searchPageSize())
                .build(query));
        return parse("search", response, body -> StockxResponses.read(body, Search.class))
                .products();
    }

    /** Every size of a product. */
    List<ProductVariant> variants(String productId) {
        Response response = get(
                "variants", uri -> uri.path("/catalog/products/{id}/variants").build(productId));
        return parse("variants", response, body -> StockxResponses.readList(body, ProductVariant.class));
    }

    /** Market data of every variant of a product in one call, in the given currency. */
    List<MarketData> marketData(String productId, String currencyCode) {
        Response response = get("market data", uri -> uri.path("/catalog/products/{id}/market-data")
                .queryParam("currencyCode", "{currency}")
                .build(productId, currencyCode));
        return parse("market data", response, body -> StockxResponses.readList(body, MarketData.class));
    }

    private static <T> T parse(String what, Response response, Function<byte[], T> reader) {
        try {
            return reader.apply(response.body());
        } catch (StockxException e) {
            throw new StockxException(
                    Kind.MALFORMED, response.status(), null, "malformed StockX " + what + ": " + e.getMessage(), e);
        }
    }

    private Response get(String what, Function<UriBuilder, URI> uri) {
        String token = tokens.accessToken();
        Response response = call(what, uri, token);
        if (response.status() == HttpStatus.UNAUTHORIZED.value()) {
            // An access token can be revoked before its expiry: refresh once and retry once.
            tokens.rejected(token);
            response = call(what, uri, tokens.accessToken());
        }
        if (!response.isSuccess()) {
            throw classify(response, what, clock);
        }
        return response;
    }

    private Response call(String what, Function<UriBuilder, URI> uri, String token) {
        try {
            return http.get()
                    .uri(uri)
                    .header("x-api-key", properties.apiKey())
                    .headers(headers -> headers.setBearerAuth(token))
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> Response.of(response));
        } catch (ResourceAccessException e) {
            // Timeouts and refused connections: failed now, asked again when the planner re-issues.
            throw new StockxException(Kind.FAILED, null, null, "StockX " + what + " call failed: " + e.getMessage(), e);
        }
    }

    /** Turns an unsuccessful answer into the exception that names its outcome. */
    static StockxException classify(Response response, String what, Clock clock) {
        int status = response.status();
        String detail = "StockX " + what + " answered HTTP " + status + errorMessage(response);
        if (status == HttpStatus.NOT_FOUND.value()) {
            return new StockxException(Kind.NOT_FOUND, status, null, detail, null);
        }
        if (status == HttpStatus.TOO_MANY_REQUESTS.value()) {
            return new StockxException(Kind.RATE_LIMITED, status, retryAfter(response.headers(), clock), detail, null);
        }
        return new StockxException(Kind.FAILED, status, null, detail, null);
    }

    private static String errorMessage(Response response) {
        try {
            ApiError error = StockxResponses.read(response.body(), ApiError.class);
            return error.message() == null ? "" : ": " + error.message();
        } catch (StockxException notAnApiError) {
            return "";
        }
    }

    /** Retry-After as delta-seconds or an HTTP date; null if absent or unreadable. */
    static Instant retryAfter(HttpHeaders headers, Clock clock) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return clock.instant().plusSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** An HTTP answer read completely, so the connection is released before it is interpreted. */
    record Response(int status, HttpHeaders headers, byte[] body) {

        static Response of(ClientHttpResponse response) throws IOException {
            return new Response(
                    response.getStatusCode().value(),
                    HttpHeaders.readOnlyHttpHeaders(response.getHeaders()),
                    response.getBody().readAllBytes());
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }
}
