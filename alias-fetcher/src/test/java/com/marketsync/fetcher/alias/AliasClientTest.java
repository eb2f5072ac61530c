package com.marketsync.fetcher.alias;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.alias.AliasApiStub.AVAILABILITIES;
import static com.marketsync.fetcher.alias.AliasApiStub.CATALOG;
import static com.marketsync.fetcher.alias.AliasApiStub.error;
import static com.marketsync.fetcher.alias.AliasApiStub.item;
import static com.marketsync.fetcher.alias.AliasApiStub.json;
import static com.marketsync.fetcher.alias.AliasApiStub.newVariant;
import static com.marketsync.fetcher.alias.AliasApiStub.page;
import static com.marketsync.fetcher.alias.AliasApiStub.variants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.fetcher.alias.AliasResponses.CatalogItem;
import com.marketsync.fetcher.alias.AliasResponses.SearchPage;
import com.marketsync.fetcher.core.ProviderCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

class AliasClientTest {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private AliasApiStub stub;
    private AliasClient client;
    private CountingCalls calls;

    @BeforeEach
    void setUp() {
        stub = new AliasApiStub(wireMock);
        AliasProperties properties = AliasApiStub.properties(wireMock.baseUrl(), Duration.ofSeconds(2), 3);
        client = new AliasClient(new AliasHttp().aliasRestClient(RestClient.builder(), properties), properties, clock);
        calls = CountingCalls.granting(() -> wireMock.getAllServeEvents().size());
    }

    @Test
    void searchesWithThePersonalAccessTokenAsBearerAndSpendsOneTokenFirst() {
        stub.search("DD1391 100", page(true, "next-1", item("panda", "DD1391 100")));

        SearchPage page = client.search("DD1391 100", null, calls);

        assertThat(page.catalogItems()).extracting(CatalogItem::catalogId).containsExactly("panda");
        assertThat(page.catalogItems().getFirst().sku()).isEqualTo("DD1391 100");
        assertThat(page.catalogItems().getFirst().gender()).isEqualTo("men");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.nextPaginationToken()).isEqualTo("next-1");
        wireMock.verify(getRequestedFor(urlPathEqualTo(CATALOG))
                .withQueryParam("query", equalTo("DD1391 100"))
                .withQueryParam("pagination_token", absent())
                .withHeader("Authorization", equalTo("Bearer " + AliasApiStub.PAT))
                .withHeader("Accept", equalTo("application/json")));
        assertThat(calls.servedAtSpend()).containsExactly(0);
    }

    @Test
    void passesAnOpaquePaginationTokenBackVerbatim() {
        String token = "CiAK+/Gg==&x=1 y";
        stub.searchPage("DD1391 100", token, page(false, "", item("panda", "DD1391 100")));

        SearchPage page = client.search("DD1391 100", token, calls);

        assertThat(page.catalogItems()).hasSize(1);
        wireMock.verify(getRequestedFor(urlPathEqualTo(CATALOG))
                .withQueryParam("query", equalTo("DD1391 100"))
                .withQueryParam("pagination_token", equalTo(token)));
    }

    @Test
    void asksForARegionByIdAndForTheGlobalMarketWithoutOne() {
        stub.availabilities("panda", "2", variants(newVariant("10", "\"25000\"")));
        stub.availabilities("panda", "", variants(newVariant("10", "\"26000\""), newVariant("11", "\"27000\"")));

        assertThat(client.availabilities("panda", "2", calls).variants()).hasSize(1);
        AliasClient.PricedVariants global = client.availabilities("panda", "", calls);

        assertThat(global.variants()).hasSize(2);
        assertThat(global.requestId()).isEqualTo("req-ok-1");
        wireMock.verify(getRequestedFor(urlPathEqualTo(AVAILABILITIES + "panda"))
                .withQueryParam("region_id", equalTo("2"))
                .withHeader("Authorization", equalTo("Bearer " + AliasApiStub.PAT)));
        wireMock.verify(
                getRequestedFor(urlPathEqualTo(AVAILABILITIES + "panda")).withQueryParam("region_id", absent()));
        assertThat(calls.servedAtSpend()).containsExactly(0, 1);
    }

    @Test
    void encodesACatalogIdAsOnePathSegment() {
        wireMock.stubFor(get(urlPathEqualTo(AVAILABILITIES + "odd%2Fid%20x"))
                .willReturn(json(variants(newVariant("10", "\"25000\"")))));

        assertThat(client.availabilities("odd/id x", "1", calls).variants()).hasSize(1);
    }

    @Test
    void classifiesEachFailureAndNamesTheRequestId() {
        stub.availabilityAnswers("gone", "1", error(404, 5, "not found"));
        stub.availabilityAnswers("busy", "1", error(429, 8, "slow down").withHeader("Retry-After", "30"));
        stub.availabilityAnswers("down", "1", error(503, 14, "unavailable"));
        stub.availabilityAnswers("late", "1", error(408, 4, "request timeout"));
        stub.availabilityAnswers("nope", "1", error(401, 16, "unauthenticated"));
        stub.availabilityAnswers("scope", "1", error(403, 7, "missing scope"));
        stub.availabilityAnswers("conflict", "1", error(409, 10, "conflict"));

        assertFailure("gone", ProviderCallException.Kind.NOT_FOUND, 404);
        assertThatThrownBy(() -> client.availabilities("busy", "1", calls))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(clock.instant().plusSeconds(30));
                });
        assertFailure("down", ProviderCallException.Kind.UNAVAILABLE, 503);
        assertFailure("late", ProviderCallException.Kind.UNAVAILABLE, 408);
        assertFailure("nope", ProviderCallException.Kind.REJECTED, 401);
        assertFailure("scope", ProviderCallException.Kind.REJECTED, 403);
        assertFailure("conflict", ProviderCallException.Kind.REJECTED, 409);
        assertThat(wireMock.getAllServeEvents()).hasSize(7);
        assertThat(calls.granted()).isEqualTo(7);
    }

    @Test
    void reportsAMalformedBodyWithItsStatusAndRequestId() {
        stub.availabilities("panda", "1", "{\"variants\": 5}");

        assertThatThrownBy(() -> client.availabilities("panda", "1", calls))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderCallException.Kind.MALFORMED);
                    assertThat(e.httpStatus()).isEqualTo(200);
                })
                .hasMessageContaining("malformed Alias availabilities")
                .hasMessageContaining("x-request-id req-ok-1");
    }

    private void assertFailure(String catalogId, ProviderCallException.Kind kind, int status) {
        assertThatThrownBy(() -> client.availabilities(catalogId, "1", calls))
                .isInstanceOfSatisfying(ProviderCallException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.httpStatus()).isEqualTo(status);
                })
                .hasMessageContaining("req-" + status);
    }
}
