package com.marketsync.fetcher.ebay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.Priority;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Tier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.client.RestClient;

/** Serves eBay's token endpoint and Browse search from a WireMock server under the simulator's paths, and wires the fetcher to it. */
final class EbayApiStub {

    static final String API = "/ebay/buy/browse/v1";
    static final String SEARCH = API + "/item_summary/search";
    static final String TOKEN = "/ebay/identity/v1/oauth2/token";
    static final String CLIENT_ID = "client-1";
    static final String CLIENT_SECRET = "secret-1";
    static final String SKU = "DD1391-100";

    private final WireMockExtension server;

    EbayApiStub(WireMockExtension server) {
        this.server = server;
    }

    EbayProperties properties(Duration readTimeout, int searchesPerRequest) {
        return properties(server.baseUrl(), readTimeout, searchesPerRequest);
    }

    static EbayProperties properties(String serverUrl, Duration readTimeout, int searchesPerRequest) {
        return new EbayProperties(
                URI.create(serverUrl + API),
                URI.create(serverUrl + TOKEN),
                CLIENT_ID,
                CLIENT_SECRET,
                "https://api.ebay.com/oauth/api_scope",
                Duration.ofSeconds(5),
                readTimeout,
                List.of("15709", "95672", "57929"),
                searchesPerRequest,
                200,
                null);
    }

    /** The fetcher as Spring wires it, against this server. */
    static Wired wire(EbayProperties properties, Clock clock) {
        RestClient http = new EbayHttp().ebayRestClient(RestClient.builder(), properties);
        EbayTokens tokens = new EbayTokens(http, properties, clock);
        EbayClient client = new EbayClient(http, properties, tokens, clock);
        return new Wired(tokens, client, new EbayFetcher(client, new EbaySnapshotMapper(), properties, clock));
    }

    void token(String accessToken, long expiresIn) {
        server.stubFor(post(urlPathEqualTo(TOKEN))
                .willReturn(json(
                        200,
                        "{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn
                                + ",\"refresh_token\":\"N/A\",\"token_type\":\"Application Access Token\"}")));
    }

    void search(ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(response));
    }

    /** Answers searches of one sku in one category. */
    void search(String sku, String categoryId, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(SEARCH))
                .withQueryParam("q", equalTo(sku))
                .withQueryParam("category_ids", equalTo(categoryId))
                .willReturn(response));
    }

    /** The category of every search received, in order. */
    List<String> searchedCategories() {
        return server.findAll(getRequestedFor(urlPathEqualTo(SEARCH))).stream()
                .map(sent -> sent.queryParameter("category_ids").firstValue())
                .toList();
    }

    int tokenCalls() {
        return server.findAll(postRequestedFor(urlPathEqualTo(TOKEN))).size();
    }

    int searchCalls() {
        return server.findAll(getRequestedFor(urlPathEqualTo(SEARCH))).size();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static ResponseDefinitionBuilder golden(int status, String name) {
        return json(status, Golden.text(name));
    }

    /** An empty search page: nothing on eBay names the query. */
    static String emptyPage() {
        return "{\"href\":\"x\",\"total\":0,\"limit\":200,\"offset\":0,\"warnings\":[]}";
    }

    static SyncRequest request(String region) {
        return request("req-1", SKU, region, null);
    }

    static SyncRequest request(String requestId, String sku, String region, String currency) {
        return SyncRequest.newBuilder()
                .setRequestId(requestId)
                .setSku(sku)
                .setProvider(Provider.EBAY)
                .setRegion(region)
                .setCurrency(currency)
                .setProviderProductId(null)
                .setPriority(Priority.BACKGROUND)
                .setTier(Tier.WARM)
                .setReason("DUE")
                .setRequestedAt(Instant.parse("2026-11-22T09:59:00Z"))
                .setRequestedBy("tick-1")
                .setNotAfter(null)
                .build();
    }

    /** The collaborators of one wired fetcher. */
    record Wired(EbayTokens tokens, EbayClient client, EbayFetcher fetcher) {}
}
