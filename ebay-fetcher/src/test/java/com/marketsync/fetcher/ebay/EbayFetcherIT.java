package com.marketsync.fetcher.ebay;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.marketsync.fetcher.ebay.EbayApiStub.golden;
import static com.marketsync.fetcher.ebay.EbayApiStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.marketsync.events.OutcomeStatus;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncOutcome;
import com.marketsync.fetcher.core.SyncTopics;
import com.marketsync.schemas.Topics;
import com.marketsync.testkit.TestInfra;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running eBay fetcher end to end for women's and grade-school skus: Kafka requests in, snapshots in the right size
 * system and one outcome out, against a WireMock eBay whose categories hold the skus the way sellers list them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EbayFetcherIT {

    @RegisterExtension
    static WireMockExtension wireMock = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String DATABASE = TestInfra.newDatabase("ebay_it");
    private static SyncTopics topics;

    private final EbayApiStub ebay = new EbayApiStub(wireMock);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("market.ebay.base-url", () -> wireMock.baseUrl() + EbayApiStub.API);
        registry.add("market.ebay.token-url", () -> wireMock.baseUrl() + EbayApiStub.TOKEN);
        registry.add("market.providers.ebay.budget.per-second", () -> "20");
    }

    @BeforeAll
    static void clients() {
        topics = SyncTopics.open("ebay-fetcher-it");
    }

    @AfterAll
    static void closeClients() {
        topics.close();
    }

    @BeforeEach
    void stubEbay() {
        wireMock.resetAll();
        ebay.token("it-token", 7200);
        // WireMock prefers the stub added last: nothing anywhere, unless a category below holds the sku.
        ebay.search(json(200, EbayApiStub.emptyPage()));
        ebay.search("DD1503-101", "95672", golden(200, Golden.SEARCH_WOMENS));
        ebay.search("CW1590-100", "57929", golden(200, Golden.SEARCH_GRADE_SCHOOL));
    }

    @Test
    void publishesAWomensSkusSizesAsWomensSizesFromTheWomensCategory() {
        String requestId = send("DD1503-101");

        SyncOutcome outcome = topics.awaitOutcome(requestId);
        List<PriceSnapshot> snapshots = topics.awaitSnapshots(requestId, 4);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getSnapshotsPublished()).isEqualTo(4);
        assertThat(snapshots)
                .extracting(
                        snapshot -> snapshot.getVariant().getSize(),
                        snapshot -> snapshot.getVariant().getSizeSystem(),
                        snapshot -> snapshot.getVariant().getUsSize(),
                        PriceSnapshot::getLowestAsk)
                .containsExactlyInAnyOrder(
                        tuple("6.5", SizeSystem.US_M, "6.5", new BigDecimal("105.00")),
                        tuple("8W", SizeSystem.US_W, "8", new BigDecimal("120.00")),
                        tuple("8.5W", SizeSystem.US_W, "8.5", new BigDecimal("125.00")),
                        tuple("9W", SizeSystem.US_W, "9", new BigDecimal("130.00")));
        // The men's category had none of it; the women's category held it.
        assertThat(ebay.searchedCategories()).containsExactly("15709", "95672");
    }

    @Test
    void publishesAGradeSchoolSkusLabelledSizesAsYouthSizesFromTheKidsCategory() {
        String requestId = send("CW1590-100");

        SyncOutcome outcome = topics.awaitOutcome(requestId);
        List<PriceSnapshot> snapshots = topics.awaitSnapshots(requestId, 3);

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.SUCCEEDED);
        assertThat(outcome.getSnapshotsPublished()).isEqualTo(3);
        assertThat(snapshots)
                .extracting(snapshot -> snapshot.getVariant().getSize(), snapshot -> snapshot.getVariant()
                        .getSizeSystem())
                .containsExactlyInAnyOrder(
                        tuple("5.5Y", SizeSystem.US_Y), tuple("6Y", SizeSystem.US_Y), tuple("7Y", SizeSystem.US_Y));
        assertThat(ebay.searchedCategories()).containsExactly("15709", "95672", "57929");
    }

    private static String send(String sku) {
        return topics.send(Topics.syncRequests(Provider.EBAY), sku, Provider.EBAY, "ebay-fetcher-it");
    }
}
