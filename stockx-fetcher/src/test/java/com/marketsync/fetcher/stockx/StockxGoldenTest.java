package com.marketsync.fetcher.stockx;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.stockx.StockxApiStub.API;
import static com.marketsync.fetcher.stockx.StockxApiStub.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.SnapshotIds;
import com.marketsync.testkit.MovableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recorded-style StockX answers in {@code src/test/resources/golden/stockx} and the exact snapshots they must become.
 */
class StockxGoldenTest {

    private static final String PRODUCT = "5e6a1e57-1c7d-4a5b-9f3e-8d2b7c1a0f11";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static StockxDatabase database;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private StockxApiStub stub;
    private StockxFetcher fetcher;

    @BeforeAll
    static void createDatabase() {
        database = StockxDatabase.migrated();
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void setUp() {
        database.clear();
        stub = new StockxApiStub(wireMock, wireMock.baseUrl());
        fetcher = new StockxFixture(wireMock.baseUrl(), database.dataSource(), clock, Duration.ofSeconds(2)).fetcher;
        wireMock.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(golden("token.json"))));
        for (int page = 1; page <= 2; page++) {
            wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/search"))
                    .withQueryParam("query", equalTo("DD1391-100"))
                    .withQueryParam("pageSize", equalTo("50"))
                    .withQueryParam("pageNumber", equalTo(Integer.toString(page)))
                    .willReturn(okJson(golden("search-dd1391-100-page-" + page + ".json"))));
        }
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + PRODUCT + "/variants"))
                .willReturn(okJson(golden("variants-dd1391-100.json"))));
    }

    @Test
    void turnsTheRecordedAnswersIntoExactlyTheExpectedSnapshots() {
        marketData(golden("market-data-dd1391-100-usd.json"));
        CountingCalls calls = stub.countingCalls();

        FetchResult result =
                fetcher.fetch(StockxFixture.request("DD1391-100", "US", null, null, clock.instant()), calls);

        assertThat(result).isInstanceOf(FetchResult.Succeeded.class);
        FetchResult.Succeeded succeeded = (FetchResult.Succeeded) result;
        assertThat(succeeded.providerProductId()).isEqualTo(PRODUCT);
        assertThat(succeeded.httpStatus()).isEqualTo(200);
        assertThat(succeeded.snapshots().stream().map(StockxGoldenTest::render).toList())
                .isEqualTo(expected("expected-snapshots-dd1391-100-us.json"));
        assertThat(succeeded.snapshots())
                .allSatisfy(snapshot -> assertThat(snapshot.getSnapshotId())
                        .isEqualTo(SnapshotIds.of(
                                Provider.STOCKX,
                                "DD1391-100",
                                snapshot.getVariant().getVariantKey(),
                                "US",
                                snapshot.getObservedAt())))
                .extracting(PriceSnapshot::getSnapshotId)
                .doesNotHaveDuplicates();
        assertThat(succeeded.snapshots())
                .flatExtracting(
                        PriceSnapshot::getLowestAsk,
                        PriceSnapshot::getHighestBid,
                        PriceSnapshot::getFlexLowestAsk,
                        PriceSnapshot::getSuggestedEarnMore)
                .filteredOn(amount -> amount != null)
                .allSatisfy(amount -> assertThat(((BigDecimal) amount).scale()).isEqualTo(2));
        // Two search pages, the sizes, the market data: four calls, four tokens; the token refresh spends none.
        assertThat(calls.spent()).isEqualTo(4).isEqualTo(stub.apiCalls());
        assertThat(calls.violations()).isEmpty();
        assertThat(database.storedRefreshToken("us")).isEqualTo("v1.golden-rotated-refresh-token");
        assertThat(database.mappedProduct("DD1391100")).isEqualTo(PRODUCT);
    }

    @Test
    void failsRatherThanRoundAnAmountWithThreeDecimals() {
        marketData(golden("market-data-dd1391-100-usd.json").replace("\"112.50\"", "\"112.505\""));

        FetchResult result = fetcher.fetch(
                StockxFixture.request("DD1391-100", "US", null, null, clock.instant()), stub.countingCalls());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> assertThat(failed.reason())
                .contains("1f0b6a3e-0001-4c1e-9a55-3d6f2b9e1a01", "standardMarketData.lowestAsk", "112.505"));
    }

    @Test
    void failsNamingTheProblemWhenTheMarketDataIsCutShort() {
        String recorded = golden("market-data-dd1391-100-usd.json");
        marketData(recorded.substring(0, recorded.length() / 2));

        FetchResult result = fetcher.fetch(
                StockxFixture.request("DD1391-100", "US", null, null, clock.instant()), stub.countingCalls());

        assertThat(result).isInstanceOfSatisfying(FetchResult.Failed.class, failed -> {
            assertThat(failed.reason()).contains("malformed StockX market data");
            assertThat(failed.httpStatus()).isEqualTo(200);
        });
    }

    private void marketData(String body) {
        wireMock.stubFor(get(urlPathEqualTo(API + "/catalog/products/" + PRODUCT + "/market-data"))
                .withQueryParam("currencyCode", equalTo("USD"))
                .willReturn(okJson(body)));
    }

    /** Every field of a snapshot but its id, amounts as plain strings so their scale shows. */
    private static Object render(Object value) {
        return switch (value) {
            case null -> null;
            case SpecificRecord record -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Schema.Field field : record.getSchema().getFields()) {
                    if (!field.name().equals("snapshotId")) {
                        fields.put(field.name(), render(record.get(field.pos())));
                    }
                }
                yield fields;
            }
            case BigDecimal amount -> amount.toPlainString();
            case List<?> list -> {
                List<Object> items = new ArrayList<>();
                list.forEach(item -> items.add(render(item)));
                yield items;
            }
            case Enum<?> symbol -> symbol.name();
            default -> value.toString();
        };
    }

    private static List<Object> expected(String name) {
        return JSON.readValue(golden(name), new TypeReference<List<Object>>() {});
    }

    private static String golden(String name) {
        try (InputStream in = StockxGoldenTest.class.getResourceAsStream("/golden/stockx/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
