package com.marketsync.fetcher.alias;

import com.marketsync.fetcher.alias.AliasResponses.ApiError;
import com.marketsync.fetcher.alias.AliasResponses.Availabilities;
import com.marketsync.fetcher.alias.AliasResponses.SearchPage;
import com.marketsync.fetcher.alias.AliasResponses.VariantAvailability;
import com.marketsync.fetcher.core.HttpAnswer;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.core.ProviderCalls;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;

/**
 * Calls the Alias v1 API (catalog search, pricing-insight availabilities) with the personal access token, spends one
 * budget token right before every call, and classifies every answer: 404 not found, 429 rate limited, 5xx/408/timeouts
 * unavailable, other 4xx rejected, unreadable 2xx bodies malformed.
 *
 * <p>It never retries: the fetch loop retries unavailable and rate-limited results, so retries live in one layer.
 */
@Component
class AliasClient {

    static final String REQUEST_ID = "x-request-id";
    private static final Logger log = LoggerFactory.getLogger(AliasClient.class);

    private final RestClient http;
    private final AliasProperties properties;
    private final Clock clock;

    AliasClient(RestClient aliasRestClient, AliasProperties properties, Clock clock) {
        this.http = aliasRestClient;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * One page of catalog search results (fuzzy: the caller filters them); {@code paginationToken} is null for the
     * first page, else the previous page's {@code next_pagination_token} passed back verbatim.
     */
    SearchPage search(String query, String paginationToken, ProviderCalls calls) {
        HttpAnswer response = get("catalog search", calls, uri -> {
            uri.path("/catalog").queryParam("query", "{query}");
            if (paginationToken == null) {
                return uri.build(query);
            }
            return uri.queryParam("pagination_token", "{token}").build(query, paginationToken);
        });
        SearchPage page = parse("catalog search", response, SearchPage.class);
        if (page.catalogItems() == null) {
            throw malformed("catalog search", response, "no catalog_items array");
        }
        if (page.catalogItems().contains(null)) {
            throw malformed("catalog search", response, "null entry in catalog_items");
        }
        return page;
    }

    /**
     * Prices of every size × condition × packaging × consigned of a catalog item in one region; {@code regionId}
     * empty asks for the global market, so the parameter is left out.
     */
    PricedVariants availabilities(String catalogId, String regionId, ProviderCalls calls) {
        HttpAnswer response = get("availabilities", calls, uri -> {
            uri.path("/pricing_insights/availabilities/{catalogId}");
            if (regionId == null || regionId.isEmpty()) {
                return uri.build(catalogId);
            }
            return uri.queryParam("region_id", "{region}").build(catalogId, regionId);
        });
        Availabilities body = parse("availabilities", response, Availabilities.class);
        if (body.variants() == null) {
            throw malformed("availabilities", response, "no variants array");
        }
        if (body.variants().contains(null)) {
            throw malformed("availabilities", response, "null entry in variants");
        }
        return new PricedVariants(body.variants(), requestId(response));
    }

    private HttpAnswer get(String what, ProviderCalls calls, Function<UriBuilder, URI> uri) {
        // Taken right before the call and allowed to propagate: a refused token means no call at all.
        calls.spend();
        HttpAnswer response;
        try {
            response = http.get()
                    .uri(uri)
                    .headers(headers -> headers.setBearerAuth(properties.pat()))
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, answer) -> HttpAnswer.of(answer));
        } catch (ResourceAccessException e) {
            log.warn("Alias {} call failed: {}", what, e.getMessage());
            throw new ProviderCallException(
                    Kind.UNAVAILABLE, null, null, "Alias " + what + " call failed: " + e.getMessage(), e);
        }
        if (!response.isSuccess()) {
            ProviderCallException failure = classify(what, response);
            log.warn(
                    "Alias {} answered HTTP {} ({} {}): {}",
                    what,
                    response.status(),
                    REQUEST_ID,
                    requestId(response),
                    failure.getMessage());
            throw failure;
        }
        return response;
    }

    private ProviderCallException classify(String what, HttpAnswer response) {
        int status = response.status();
        String detail = errorMessage(response) + requestIdNote(response);
        if (status == 404) {
            return new ProviderCallException(
                    Kind.NOT_FOUND, status, null, "Alias " + what + " answered 404" + detail, null);
        }
        if (status == 401) {
            // PATs are never refreshed: a rejected one stays rejected until someone configures a new one.
            return new ProviderCallException(
                    Kind.REJECTED,
                    status,
                    null,
                    "Alias rejected the personal access token (HTTP 401 on " + what + "): check market.alias.pat"
                            + detail,
                    null);
        }
        if (status == 403) {
            return new ProviderCallException(
                    Kind.REJECTED,
                    status,
                    null,
                    "Alias personal access token lacks the scope for " + what + " (HTTP 403)" + detail,
                    null);
        }
        return ProviderCallException.ofStatus(
                response, "Alias " + what + " answered HTTP " + status + detail, clock.instant());
    }

    private <T> T parse(String what, HttpAnswer response, Class<T> type) {
        try {
            return AliasResponses.read(response.body(), type);
        } catch (ProviderCallException e) {
            throw malformed(what, response, e.getMessage());
        }
    }

    private static ProviderCallException malformed(String what, HttpAnswer response, String problem) {
        log.warn(
                "Alias {} answered HTTP {} with an unusable body ({} {}): {}",
                what,
                response.status(),
                REQUEST_ID,
                requestId(response),
                problem);
        return new ProviderCallException(
                Kind.MALFORMED,
                response.status(),
                null,
                "malformed Alias " + what + ": " + problem + requestIdNote(response),
                null);
    }

    private static String errorMessage(HttpAnswer response) {
        try {
            ApiError error = AliasResponses.read(response.body(), ApiError.class);
            return error.message() == null || error.message().isBlank() ? "" : ": " + error.message();
        } catch (ProviderCallException notAnApiError) {
            return "";
        }
    }

    /** Alias's id of the request, to quote in support tickets; null if the answer has none. */
    private static String requestId(HttpAnswer response) {
        return response.headers().getFirst(REQUEST_ID);
    }

    private static String requestIdNote(HttpAnswer response) {
        String requestId = requestId(response);
        return requestId == null ? "" : " [" + REQUEST_ID + " " + requestId + "]";
    }

    /** The variants of one availabilities answer, with Alias's request id for reports about their content. */
    record PricedVariants(List<VariantAvailability> variants, String requestId) {}
}
