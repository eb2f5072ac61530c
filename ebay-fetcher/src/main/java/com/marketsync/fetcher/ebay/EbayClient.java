package com.marketsync.fetcher.ebay;

import com.marketsync.fetcher.core.CallRefusedException;
import com.marketsync.fetcher.core.HttpAnswer;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.core.RetryAfter;
import com.marketsync.fetcher.ebay.EbayProperties.Marketplace;
import com.marketsync.fetcher.ebay.EbayResponses.ErrorDetail;
import com.marketsync.fetcher.ebay.EbayResponses.ErrorResponse;
import com.marketsync.fetcher.ebay.EbayResponses.RateLimits;
import com.marketsync.fetcher.ebay.EbayResponses.SearchPage;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Calls eBay's Browse {@code item_summary/search} with the application token and the marketplace header, spending one
 * budget token right before every call, and classifies every answer: 401 re-minted and retried once, 429 or errorId
 * 2001 rate limited, 5xx and timeouts unavailable, any other error, a malformed body or a warning failed.
 *
 * <p>It retries nothing else: the fetch loop retries unavailable and rate-limited requests, so retries live in
 * exactly one layer.
 */
@Component
class EbayClient {

    static final String MARKETPLACE_HEADER = "X-EBAY-C-MARKETPLACE-ID";
    static final String NEW_FIXED_PRICE = "conditionIds:{1000},buyingOptions:{FIXED_PRICE}";
    private static final int RATE_LIMIT_ERROR = 2001;
    private static final String BROWSE_PATH = "/buy/browse/v1";

    private final RestClient http;
    private final EbayProperties properties;
    private final EbayTokens tokens;
    private final Clock clock;

    EbayClient(RestClient ebayRestClient, EbayProperties properties, EbayTokens tokens, Clock clock) {
        this.http = ebayRestClient;
        this.properties = properties;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * The first page of new, fixed-price listings for a keyword query in one category of one marketplace, cheapest
     * first, so the lowest asks are on it.
     *
     * @throws CallRefusedException if the budget refuses the call; no HTTP call is made then
     * @throws ProviderCallException if the answer is not a usable, warning-free page
     */
    SearchPage search(String query, String categoryId, Marketplace marketplace, ProviderCalls calls) {
        Map<String, Object> parameters = Map.of(
                "q", query,
                "category", categoryId,
                "filter", NEW_FIXED_PRICE,
                "limit", properties.pageLimit());
        // The budget token is taken right before the call, after any mint, so the call reaches eBay as close as
        // possible to the moment it was counted (a mint for a refused call is rare: tokens live two hours).
        String token = tokens.accessToken();
        calls.spend();
        HttpAnswer response = call(parameters, marketplace, token);
        if (response.status() == HttpStatus.UNAUTHORIZED.value()) {
            // errorId 1001: the token expired or was revoked early. Mint a new one and try once more; that second
            // call is a Browse call too, so it spends its own token.
            tokens.rejected(token);
            String renewed = tokens.accessToken();
            calls.spend();
            response = call(parameters, marketplace, renewed);
        }
        if (!response.isSuccess()) {
            throw classify(response, token);
        }
        SearchPage page;
        try {
            page = EbayResponses.read(response.body(), SearchPage.class);
        } catch (ProviderCallException e) {
            throw new ProviderCallException(
                    Kind.MALFORMED, response.status(), null, "malformed eBay search answer: " + e.getMessage(), e);
        }
        if (!page.warnings().isEmpty()) {
            // eBay ignored part of the query (e.g. 12002 invalid filter): the rows are unfiltered, so none is trusted.
            throw new ProviderCallException(
                    Kind.REJECTED,
                    response.status(),
                    null,
                    "eBay search answered with warnings, the result is unfiltered: "
                            + page.warnings().stream()
                                    .map(warning -> warning == null ? "null warning" : warning.describe())
                                    .collect(Collectors.joining("; ")),
                    null);
        }
        return page;
    }

    private HttpAnswer call(Map<String, Object> parameters, Marketplace marketplace, String token) {
        try {
            return http.get()
                    .uri(uri -> uri.path("/item_summary/search")
                            .queryParam("q", "{q}")
                            .queryParam("category_ids", "{category}")
                            .queryParam("filter", "{filter}")
                            // Only the first page is read, so it must hold the cheapest listings.
                            .queryParam("sort", "price")
                            .queryParam("limit", "{limit}")
                            .build(parameters))
                    .headers(headers -> headers.setBearerAuth(token))
                    // Without it eBay silently answers for EBAY_US.
                    .header(MARKETPLACE_HEADER, marketplace.marketplaceId())
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> HttpAnswer.of(response));
        } catch (ResourceAccessException e) {
            // Timeouts and refused connections: the loop retries with back-off.
            throw new ProviderCallException(
                    Kind.UNAVAILABLE, null, null, "eBay search call failed: " + e.getMessage(), e);
        }
    }

    private ProviderCallException classify(HttpAnswer response, String token) {
        int status = response.status();
        ErrorDetail error = firstError(response);
        String detail = "eBay search answered HTTP " + status + (error == null ? "" : ", " + error.describe());
        boolean rateLimited = status == HttpStatus.TOO_MANY_REQUESTS.value()
                || (error != null && error.errorId() != null && error.errorId() == RATE_LIMIT_ERROR);
        if (rateLimited) {
            // eBay documents no Retry-After; a spent daily quota says when it resets through getRateLimits, and
            // without either the loop decides how long to pause.
            Instant retryAfter =
                    RetryAfter.parse(response.headers().getFirst(HttpHeaders.RETRY_AFTER), clock.instant());
            return new ProviderCallException(
                    Kind.RATE_LIMITED, status, retryAfter != null ? retryAfter : quotaReset(token), detail, null);
        }
        return ProviderCallException.ofStatus(response, detail, clock.instant());
    }

    /**
     * When the spent Browse quota resets, from the Analytics API's {@code getRateLimits} (another API, outside the
     * Browse budget), or null if no Browse quota is spent or the answer is unusable.
     */
    private Instant quotaReset(String token) {
        String browse = properties.baseUrl().toString();
        String root = browse.endsWith("/") ? browse.substring(0, browse.length() - 1) : browse;
        if (!root.endsWith(BROWSE_PATH)) {
            return null;
        }
        URI rateLimits = URI.create(root.substring(0, root.length() - BROWSE_PATH.length())
                + "/developer/analytics/v1_beta/rate_limit/?api_context=buy&api_name=browse");
        try {
            HttpAnswer answer = http.get()
                    .uri(rateLimits)
                    .headers(headers -> headers.setBearerAuth(token))
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> HttpAnswer.of(response));
            if (!answer.isSuccess()) {
                return null;
            }
            Instant now = clock.instant();
            return EbayResponses.read(answer.body(), RateLimits.class).rateLimits().stream()
                    .flatMap(limit -> limit.resources().stream())
                    .flatMap(resource -> resource.rates().stream())
                    .filter(rate -> rate.remaining() != null && rate.remaining() <= 0 && rate.reset() != null)
                    .map(rate -> parseInstant(rate.reset()))
                    .filter(reset -> reset != null && reset.isAfter(now))
                    .max(Instant::compareTo)
                    .orElse(null);
        } catch (ResourceAccessException | ProviderCallException e) {
            return null;
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static ErrorDetail firstError(HttpAnswer response) {
        try {
            ErrorResponse errors = EbayResponses.read(response.body(), ErrorResponse.class);
            return errors.errors() == null || errors.errors().isEmpty()
                    ? null
                    : errors.errors().getFirst();
        } catch (ProviderCallException notAnEbayError) {
            return null;
        }
    }
}
