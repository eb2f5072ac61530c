package com.marketsync.fetcher.alias;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Serves the Alias v1 JSON shapes of PROVIDERS.md §2 from a WireMock server, under the simulator's paths. */
final class AliasApiStub {

    static final String API = "/alias/api/v1";
    static final String CATALOG = API + "/catalog";
    static final String AVAILABILITIES = API + "/pricing_insights/availabilities/";
    static final String PAT = "test-pat-0123";

    private final WireMockExtension server;

    AliasApiStub(WireMockExtension server) {
        this.server = server;
    }

    static AliasProperties properties(String serverUrl, Duration readTimeout, int searchMaxPages) {
        return new AliasProperties(
                URI.create(serverUrl + API),
                PAT,
                Duration.ofSeconds(2),
                readTimeout,
                searchMaxPages,
                100,
                Map.of("US", "1", "EU", "2", "GB", "3", "GLOBAL", ""));
    }

    /** Answers the first search page (no pagination token) for a query. */
    void search(String query, String page) {
        searchAnswers(query, null, json(page));
    }

    /** Answers the search page behind a pagination token. */
    void searchPage(String query, String token, String page) {
        searchAnswers(query, token, json(page));
    }

    /** Answers every search for a query, first page or not, with one response. */
    void searchAnswers(String query, String token, ResponseDefinitionBuilder response) {
        MappingBuilder request = get(urlPathEqualTo(CATALOG)).withQueryParam("query", equalTo(query));
        request = token == null
                ? request.withQueryParam("pagination_token", absent())
                : request.withQueryParam("pagination_token", equalTo(token));
        server.stubFor(request.willReturn(response));
    }

    /** Answers the availabilities of a catalog item in one region ({@code ""} = global, no region_id). */
    void availabilities(String catalogId, String regionId, String body) {
        availabilityAnswers(catalogId, regionId, json(body));
    }

    void availabilityAnswers(String catalogId, String regionId, ResponseDefinitionBuilder response) {
        MappingBuilder request = get(urlPathEqualTo(AVAILABILITIES + catalogId));
        request = regionId.isEmpty()
                ? request.withQueryParam("region_id", absent())
                : request.withQueryParam("region_id", equalTo(regionId));
        server.stubFor(request.willReturn(response));
    }

    /** Any availabilities request of a catalog item answers 404, like a retired id. */
    void gone(String catalogId) {
        server.stubFor(
                get(urlPathEqualTo(AVAILABILITIES + catalogId)).willReturn(error(404, 5, "catalog item not found")));
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader(AliasClient.REQUEST_ID, "req-ok-1")
                .withBody(body);
    }

    /** A gRPC-gateway style error answer with a request id. */
    static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader(AliasClient.REQUEST_ID, "req-" + status)
                .withBody("{\"code\":" + code + ",\"message\":\"" + message + "\",\"details\":[]}");
    }

    static String page(boolean hasMore, String nextToken, String... items) {
        return "{\"catalog_items\":[" + String.join(",", items) + "],\"next_pagination_token\":"
                + (nextToken == null ? "\"\"" : "\"" + nextToken + "\"") + ",\"has_more\":" + hasMore + "}";
    }

    static String item(String catalogId, String sku) {
        return item(catalogId, sku, "men");
    }

    static String item(String catalogId, String sku, String gender) {
        return """
                {"catalog_id":"%s","name":"Dunk Low","sku":"%s","brand":"Nike","gender":%s,
                 "size_unit":"SIZE_UNIT_US","allowed_sizes":[{"display_name":"10","value":10,"us_size_equivalent":10}],
                 "minimum_listing_price_cents":2500,"resellable":true}""".formatted(catalogId, sku, gender == null ? "null" : "\"" + gender + "\"");
    }

    static String variants(String... variants) {
        return "{\"variants\":[" + String.join(",", variants) + "]}";
    }

    /** One variant; {@code size} and {@code consigned} are raw JSON, {@code availability} a raw JSON object or null. */
    static String variant(String size, String condition, String packaging, String consigned, String availability) {
        return """
                {"size":%s,"product_condition":%s,"packaging_condition":%s,"consigned":%s,"availability":%s}""".formatted(size, condition, packaging, consigned, availability);
    }

    /** A new, good-box, unconsigned size 10 with the given raw lowest-listing amount. */
    static String newVariant(String size, String lowestListing) {
        return variant(
                size,
                "\"PRODUCT_CONDITION_NEW\"",
                "\"PACKAGING_CONDITION_GOOD_CONDITION\"",
                "false",
                prices(lowestListing, null, null, null));
    }

    /** An availability object from raw JSON amounts; a null argument leaves the field out. */
    static String prices(String lowest, String highest, String lastSold, String global) {
        StringBuilder json = new StringBuilder("{");
        append(json, "lowest_listing_price_cents", lowest);
        append(json, "highest_offer_price_cents", highest);
        append(json, "last_sold_listing_price_cents", lastSold);
        append(json, "global_indicator_price_cents", global);
        return json.append('}').toString();
    }

    private static void append(StringBuilder json, String field, String raw) {
        if (raw == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(field).append("\":").append(raw);
    }
}
