package com.marketsync.fetcher.alias;

import static com.marketsync.fetcher.alias.AliasApiStub.newVariant;
import static com.marketsync.fetcher.alias.AliasApiStub.prices;
import static com.marketsync.fetcher.alias.AliasApiStub.variant;
import static com.marketsync.fetcher.alias.AliasApiStub.variants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.SizeSystem;
import com.marketsync.fetcher.alias.AliasResponses.Availabilities;
import com.marketsync.fetcher.alias.AliasResponses.CatalogItem;
import com.marketsync.fetcher.core.ProviderCallException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class AliasSnapshotMapperTest {

    private static final CatalogItem PANDA =
            new CatalogItem(Golden.CATALOG_ID, "Dunk Low 'Black White'", "DD1391 100", "Nike", "men", "SIZE_UNIT_US");
    private static final String NEW = "\"PRODUCT_CONDITION_NEW\"";
    private static final String GOOD = "\"PACKAGING_CONDITION_GOOD_CONDITION\"";

    private final AliasSnapshotMapper mapper = new AliasSnapshotMapper();

    @Test
    void mapsTheGoldenAvailabilitiesToExactlyTheGoldenSnapshots() {
        List<PriceSnapshot> snapshots = map(PANDA, Golden.text(Golden.AVAILABILITIES));

        assertThat(snapshots.stream().map(Golden::describe).toList())
                .containsExactlyElementsOf(Golden.expectedSnapshots());
        assertThat(snapshots)
                .flatMap(snapshot -> Arrays.asList(
                        snapshot.getLowestAsk(),
                        snapshot.getHighestBid(),
                        snapshot.getLastSale(),
                        snapshot.getGlobalIndicatorPrice()))
                .filteredOn(Objects::nonNull)
                .isNotEmpty()
                .allSatisfy(amount -> assertThat(amount.scale()).isEqualTo(2));
        assertThat(new HashSet<>(
                        snapshots.stream().map(PriceSnapshot::getSnapshotId).toList()))
                .hasSize(snapshots.size());
        // Pinned: downstream dedupe relies on the id staying the same for the same observation.
        assertThat(snapshots.getFirst().getSnapshotId()).isEqualTo("f489e629-92a5-37fe-9036-d72b5f811157");
    }

    @Test
    void readsCentsFromStringsAndNumbersAlikeAndKeepsAbsentNullAndZeroAsNull() {
        List<PriceSnapshot> snapshots = map(
                PANDA,
                variants(
                        variant("10", NEW, GOOD, "false", prices("\"25000\"", "22000", "\" 23500 \"", "2.4E4")),
                        variant("10", NEW, GOOD, "true", prices("\"0\"", "0", "null", null))));

        PriceSnapshot strings = snapshots.get(0);
        assertThat(strings.getLowestAsk()).isEqualTo(new BigDecimal("250.00"));
        assertThat(strings.getHighestBid()).isEqualTo(new BigDecimal("220.00"));
        assertThat(strings.getLastSale()).isEqualTo(new BigDecimal("235.00"));
        assertThat(strings.getGlobalIndicatorPrice()).isEqualTo(new BigDecimal("240.00"));
        PriceSnapshot empty = snapshots.get(1);
        assertThat(empty.getLowestAsk()).isNull();
        assertThat(empty.getHighestBid()).isNull();
        assertThat(empty.getLastSale()).isNull();
        assertThat(empty.getGlobalIndicatorPrice()).isNull();
        assertThat(empty.getCurrency()).isEqualTo("USD");
    }

    @Test
    void mapsTheLastSaleWhereAliasGivesItAndLeavesItNullWhereAbsentWithNoSaleTimeOrCount() {
        List<PriceSnapshot> snapshots = map(
                PANDA,
                variants(
                        variant("9", NEW, GOOD, "false", prices("\"25000\"", null, "\"23550\"", null)),
                        variant("9.5", NEW, GOOD, "false", prices("\"25000\"", null, null, null)),
                        variant("10", NEW, GOOD, "false", prices("\"25000\"", null, "null", null)),
                        variant("10.5", NEW, GOOD, "false", prices("\"25000\"", null, "\"0\"", null)),
                        variant("11", NEW, GOOD, "false", "null")));

        assertThat(snapshots)
                .extracting(PriceSnapshot::getLastSale)
                // given; absent; null; Alias's 0 for "no sale"; no availability at all
                .containsExactly(new BigDecimal("235.50"), null, null, null, null);
        // The availabilities say what the last sale was, not when, and recent_sales is not called: no time, no count.
        assertThat(snapshots).allSatisfy(snapshot -> {
            assertThat(snapshot.getLastSaleAt()).isNull();
            assertThat(snapshot.getSalesCount()).isNull();
            assertThat(snapshot.getSalesWindowStart()).isNull();
            assertThat(snapshot.getSalesWindowEnd()).isNull();
        });
    }

    @Test
    void rejectsEveryAmountThatIsNotAnExactNonNegativeWholeNumberOfCents() {
        for (String bad : List.of(
                "\"abc\"",
                "\"\"",
                "\"-100\"",
                "-100",
                "\"250.5\"",
                "249.5",
                "\"1e3\"",
                "true",
                "{}",
                "[]",
                "\"100000000000000\"",
                "\"99999999999999999999\"",
                "99999999999999999999")) {
            assertThatThrownBy(() ->
                            map(PANDA, variants(variant("10", NEW, GOOD, "false", prices(null, bad, null, null)))))
                    .as(bad)
                    .isInstanceOfSatisfying(ProviderCallException.class, e -> assertThat(e.kind())
                            .isEqualTo(ProviderCallException.Kind.MALFORMED))
                    .hasMessageContaining("variants[0].availability.highest_offer_price_cents");
        }
    }

    @Test
    void acceptsTheLargestAmountAnEventCanCarry() {
        PriceSnapshot snapshot =
                map(PANDA, variants(newVariant("10", "\"99999999999999\""))).getFirst();

        assertThat(snapshot.getLowestAsk()).isEqualTo(new BigDecimal("999999999999.99"));
    }

    @Test
    void writesSizesAsPlainDecimalStrings() {
        List<PriceSnapshot> snapshots = map(
                PANDA,
                variants(
                        newVariant("10", "\"1\""),
                        newVariant("10.5", "\"1\""),
                        newVariant("11.0", "\"1\""),
                        newVariant("1E+1", "\"1\"").replace("false", "true"),
                        newVariant("3.25", "\"1\"")));

        assertThat(snapshots)
                .extracting(snapshot -> snapshot.getVariant().getSize())
                .containsExactly("10", "10.5", "11", "10", "3.25");
        assertThat(snapshots)
                .extracting(snapshot -> snapshot.getVariant().getUsSize())
                .containsExactly("10", "10.5", "11", "10", "3.25");
    }

    @Test
    void rejectsMissingOrImplausibleSizes() {
        for (String bad : List.of("null", "0", "-4", "\"10\"", "true")) {
            assertThatThrownBy(() -> map(PANDA, variants(variant(bad, NEW, GOOD, "false", "{}"))))
                    .as(bad)
                    .isInstanceOf(ProviderCallException.class)
                    .hasMessageContaining("variants[0].size");
        }
        assertThatThrownBy(() -> map(
                        PANDA,
                        "{\"variants\":[{\"product_condition\":" + NEW + ",\"packaging_condition\":" + GOOD
                                + ",\"consigned\":false}]}"))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("variants[0].size is missing");
    }

    @Test
    void mapsEveryDocumentedConditionAndPackagingByNameAndByProtobufNumber() {
        List<PriceSnapshot> snapshots = map(
                PANDA,
                variants(
                        variant(
                                "10",
                                "\"PRODUCT_CONDITION_USED\"",
                                "\"PACKAGING_CONDITION_MISSING_LID\"",
                                "false",
                                "{}"),
                        variant("10", "3", "3", "false", "{}"),
                        variant("10", "1", "4", "true", "{}"),
                        variant("10", "2", "1", "true", "{}")));

        assertThat(snapshots)
                .extracting(snapshot -> snapshot.getVariant().getCondition())
                .containsExactly(
                        ProductCondition.USED,
                        ProductCondition.NEW_WITH_DEFECTS,
                        ProductCondition.NEW,
                        ProductCondition.USED);
        assertThat(snapshots)
                .extracting(snapshot -> snapshot.getVariant().getPackaging())
                .containsExactly(
                        PackagingCondition.MISSING_LID,
                        PackagingCondition.BADLY_DAMAGED,
                        PackagingCondition.NO_ORIGINAL_BOX,
                        PackagingCondition.GOOD);
        assertThat(snapshots.get(2).getVariant().getVariantKey())
                .isEqualTo("alias:" + Golden.CATALOG_ID + "|10|NEW|NO_ORIGINAL_BOX|true");
    }

    @Test
    void rejectsUnknownInvalidOrMissingEnumsAndNonBooleanConsigned() {
        Map<String, String> cases = Map.of(
                variant("10", "\"PRODUCT_CONDITION_INVALID\"", GOOD, "false", "{}"), "product_condition",
                variant("10", "0", GOOD, "false", "{}"), "product_condition",
                variant("10", "\"NEW\"", GOOD, "false", "{}"), "product_condition",
                variant("10", "null", GOOD, "false", "{}"), "product_condition is missing",
                variant("10", NEW, "\"PACKAGING_CONDITION_PRISTINE\"", "false", "{}"), "packaging_condition",
                variant("10", NEW, "5", "false", "{}"), "packaging_condition",
                variant("10", NEW, "1.5", "false", "{}"), "packaging_condition",
                variant("10", NEW, GOOD, "\"false\"", "{}"), "consigned is not a boolean",
                variant("10", NEW, GOOD, "0", "{}"), "consigned is not a boolean");
        cases.forEach((variant, problem) -> assertThatThrownBy(() -> map(PANDA, variants(variant)))
                .as(variant)
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("variants[0]." + problem));
    }

    @Test
    void rejectsTheSameVariantTupleTwiceEvenWhenSpelledDifferently() {
        String once = variant("10", NEW, GOOD, "true", prices("\"25000\"", null, null, null));
        String again = variant("10.0", "1", "1", "true", prices("\"26000\"", null, null, null));

        assertThatThrownBy(() -> map(PANDA, variants(once, again)))
                .isInstanceOf(ProviderCallException.class)
                .hasMessageContaining("variants[1] repeats variant alias:" + Golden.CATALOG_ID + "|10|NEW|GOOD|true");
        // Differing only in consigned is two variants, not a duplicate.
        assertThat(map(PANDA, variants(once, once.replace("true", "false")))).hasSize(2);
    }

    @Test
    void derivesTheSizeSystemFromTheCatalogItemsGender() {
        assertThat(sizeSystemFor("men")).isEqualTo(SizeSystem.US_M);
        assertThat(sizeSystemFor("women")).isEqualTo(SizeSystem.US_W);
        assertThat(sizeSystemFor("youth")).isEqualTo(SizeSystem.US_Y);
        assertThat(sizeSystemFor("unisex")).isEqualTo(SizeSystem.US_UNISEX);

        PriceSnapshot unknown = mapFor(null);
        assertThat(unknown.getVariant().getSizeSystem()).isEqualTo(SizeSystem.US_M);
        assertThat(unknown.getWarnings()).containsExactly(AliasSnapshotMapper.SIZE_SYSTEM_ASSUMED);
        assertThat(mapFor("infant").getWarnings()).containsExactly(AliasSnapshotMapper.SIZE_SYSTEM_ASSUMED);
        assertThat(mapFor("women").getWarnings()).isEmpty();
    }

    @Test
    void mapsAnEmptyVariantListToNoSnapshots() {
        assertThat(map(PANDA, "{\"variants\":[]}")).isEmpty();
    }

    private SizeSystem sizeSystemFor(String gender) {
        return mapFor(gender).getVariant().getSizeSystem();
    }

    private PriceSnapshot mapFor(String gender) {
        CatalogItem item = new CatalogItem(Golden.CATALOG_ID, "x", "DD1391 100", "Nike", gender, "SIZE_UNIT_US");
        return map(item, variants(newVariant("7", "\"10000\""))).getFirst();
    }

    private List<PriceSnapshot> map(CatalogItem item, String availabilitiesJson) {
        Availabilities body =
                AliasResponses.read(availabilitiesJson.getBytes(StandardCharsets.UTF_8), Availabilities.class);
        return mapper.map(Golden.goldenRequest(), item, body.variants(), Golden.FETCHED);
    }
}
