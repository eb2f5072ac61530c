package com.marketsync.fetcher.stockx;

import com.marketsync.fetcher.core.HttpAnswer;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.stockx.StockxResponses.ApiError;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxResponses.Search;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * Calls the StockX v2 catalog API (search, variants, product market data) as one account, spending one budget token
 * right before every call, and classifies every answer: 404 not found, 429 rate limited, 408/5xx/timeouts
 * unavailable, 401 refreshed and retried once, anything else failed.
 *
 * <p>It never retries on its own beyond that one 401: the fetch loop retries unavailable and rate-limited requests,
 * so retries live in exactly one layer.
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

    /** One page (from 1) of catalog search results for a style code, keyword or GTIN; fuzzy, so filter it. */
    Search search(Session session, String query, int pageNumber) {
        HttpAnswer response = get(session, "search", uri -> uri.path("/catalog/search")
                .queryParam("query", "{query}")
                .queryParam("pageSize", properties.searchPageSize())
                .queryParam("pageNumber", pageNumber)
                .build(query));
        Search search = parse("search", response, body -> StockxResponses.read(body, Search.class));
        if (search.products().contains(null)) {
            throw new ProviderCallException(
                    Kind.MALFORMED, response.status(), null, "null product in StockX search", null);
        }
        return search;
    }

    /** Every size of a product. */
    List<ProductVariant> variants(Session session, String productId) {
        HttpAnswer response = get(session, "variants", uri -> uri.path("/catalog/products/{id}/variants")
                .build(productId));
        return parse("variants", response, body -> StockxResponses.readList(body, ProductVariant.class));
    }

    /** Market data of every variant of a product in one call, in the given currency. */
    List<MarketData> marketData(Session session, String productId, String currencyCode) {
        HttpAnswer response = get(session, "market data", uri -> uri.path("/catalog/products/{id}/market-data")
                .queryParam("currencyCode", "{currency}")
                .build(productId, currencyCode));
        return parse("market data", response, body -> StockxResponses.readList(body, MarketData.class));
    }

    private static <T> T parse(String what, HttpAnswer response, Function<byte[], T> reader) {
        try {
            return reader.apply(response.body());
        } catch (ProviderCallException e) {
            throw new ProviderCallException(
                    Kind.MALFORMED, response.status(), null, "malformed StockX " + what + ": " + e.getMessage(), e);
        }
    }

    private HttpAnswer get(Session session, String what, Function<UriBuilder, URI> uri) {
        String apiKey = properties.account(session.accountId()).apiKey();
        String token = tokens.accessToken(session.accountId());
        session.calls().spend();
        HttpAnswer response = call(what, uri, apiKey, token);
        if (response.status() == HttpStatus.UNAUTHORIZED.value()) {
            // An access token can be revoked before its expiry: renew once and retry once, spending again.
            String renewed = tokens.renewRejected(session.accountId(), token);
            session.calls().spend();
            response = call(what, uri, apiKey, renewed);
        }
        if (!response.isSuccess()) {
            throw classify(response, what);
        }
        return response;
    }

    private HttpAnswer call(String what, Function<UriBuilder, URI> uri, String apiKey, String token) {
        try {
            return http.get()
                    .uri(uri)
                    .header("x-api-key", apiKey)
                    .headers(headers -> headers.setBearerAuth(token))
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> HttpAnswer.of(response));
        } catch (ResourceAccessException e) {
            // Timeouts and refused connections: the loop retries with back-off and counts them in its breaker.
            throw new ProviderCallException(
                    Kind.UNAVAILABLE, null, null, "StockX " + what + " call failed: " + e.getMessage(), e);
        }
    }

    /** Turns an unsuccessful API answer into the exception that names its outcome. */
    private ProviderCallException classify(HttpAnswer response, String what) {
        int status = response.status();
        String detail = "StockX " + what + " answered HTTP " + status + errorMessage(response);
        if (status == HttpStatus.NOT_FOUND.value()) {
            return new ProviderCallException(Kind.NOT_FOUND, status, null, detail, null);
        }
        // StockX documents no rate-limit headers: on a 429 without Retry-After the loop picks the pause.
        return ProviderCallException.ofStatus(response, detail, clock.instant());
    }

    private static String errorMessage(HttpAnswer response) {
        try {
            ApiError error = StockxResponses.read(response.body(), ApiError.class);
            return error.message() == null ? "" : ": " + error.message();
        } catch (ProviderCallException notAnApiError) {
            return "";
        }
    }

    /** Calls made for one request: as which account, and the request's budget every call spends from. */
    record Session(String accountId, ProviderCalls calls) {}
}
