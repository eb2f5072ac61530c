package com.marketsync.sim.alias;

import static com.marketsync.sim.alias.AliasPricing.GLOBAL_INDICATOR;
import static com.marketsync.sim.alias.AliasPricing.HIGHEST_OFFER;
import static com.marketsync.sim.alias.AliasPricing.LAST_SOLD;
import static com.marketsync.sim.alias.AliasPricing.LOWEST_LISTING;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.sim.alias.AliasCatalog.Item;
import com.marketsync.sim.alias.AliasPricing.Region;
import com.marketsync.sim.alias.AliasResponses.Variant;
import com.marketsync.testkit.MovableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Simulated Alias availabilities: cents strings, variations, regions, gaps, determinism and drift. */
class AliasPricingTest {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    private final AliasCatalog catalog = new AliasCatalog();
    private final MovableClock clock = new MovableClock(START);
    private final AliasPricing pricing =
            new AliasPricing(clock, new AliasSimProperties(List.of("pat"), Duration.ofMinutes(5)));

    @Test
    void amountsAreWholeDollarsWrittenAsCentsInStrings() {
        int amounts = 0;
        for (Region region : Region.values()) {
            for (Variant v : all(region)) {
                for (Map.Entry<String, String> field : v.availability().entrySet()) {
                    if (field.getValue() != null) {
                        assertThat(field.getValue()).as(field.getKey()).matches("[1-9][0-9]*00");
                        assertThat(Long.parseLong(field.getValue())).isGreaterThanOrEqualTo(2500);
                        amounts++;
                    }
                }
            }
        }
        assertThat(amounts).isGreaterThan(10_000);
    }

    @Test
    void everySizeComesInSeveralConditionsAndConsignedOrNot() {
        Set<String> conditions = new HashSet<>();
        Map<BigDecimal, Set<Boolean>> consignedBySize = new HashMap<>();
        Map<BigDecimal, Set<String>> variationsBySize = new HashMap<>();
        for (Variant v : pricing.availabilities(panda(), Region.GLOBAL, Optional.empty())) {
            conditions.add(v.product_condition());
            consignedBySize.computeIfAbsent(v.size(), s -> new HashSet<>()).add(v.consigned());
            variationsBySize
                    .computeIfAbsent(v.size(), s -> new HashSet<>())
                    .add(v.product_condition() + "/" + v.packaging_condition());
        }

        assertThat(conditions).contains("PRODUCT_CONDITION_NEW", "PRODUCT_CONDITION_USED");
        assertThat(consignedBySize).hasSize(13).allSatisfy((size, sides) -> assertThat(sides)
                .containsExactlyInAnyOrder(true, false));
        assertThat(variationsBySize).allSatisfy((size, variations) -> assertThat(variations)
                .hasSizeGreaterThanOrEqualTo(2)
                .contains("PRODUCT_CONDITION_NEW/PACKAGING_CONDITION_GOOD_CONDITION"));
    }

    @Test
    void someVariantsLackAListingOrAnOfferAndSomeNeverSold() {
        int noListing = 0;
        int noOffer = 0;
        int neverSold = 0;
        for (Variant v : all(Region.UK)) {
            Map<String, String> a = v.availability();
            noListing += a.containsKey(LOWEST_LISTING) ? 0 : 1;
            noOffer += a.containsKey(HIGHEST_OFFER) ? 0 : 1;
            assertThat(a).containsKey(LAST_SOLD).containsKey(GLOBAL_INDICATOR);
            neverSold += a.get(LAST_SOLD) == null ? 1 : 0;
        }

        assertThat(noListing).isPositive();
        assertThat(noOffer).isPositive();
        assertThat(neverSold).isPositive();
    }

    @Test
    void regionsHaveTheirOwnPricesAndGlobalIsTheBestOfThem() {
        Item panda = panda();
        List<Variant> global = pricing.availabilities(panda, Region.GLOBAL, Optional.empty());
        List<Variant> us = pricing.availabilities(panda, Region.US, Optional.empty());
        List<Variant> eu = pricing.availabilities(panda, Region.EU, Optional.empty());
        List<Variant> uk = pricing.availabilities(panda, Region.UK, Optional.empty());

        assertThat(us).isNotEqualTo(uk).isNotEqualTo(eu);
        for (int i = 0; i < global.size(); i++) {
            for (List<Variant> region : List.of(us, eu, uk)) {
                assertThat(region.get(i).size()).isEqualTo(global.get(i).size());
                String regional = region.get(i).availability().get(LOWEST_LISTING);
                if (regional != null) {
                    assertThat(Long.parseLong(global.get(i).availability().get(LOWEST_LISTING)))
                            .isLessThanOrEqualTo(Long.parseLong(regional));
                }
                String offer = region.get(i).availability().get(HIGHEST_OFFER);
                if (offer != null) {
                    assertThat(Long.parseLong(global.get(i).availability().get(HIGHEST_OFFER)))
                            .isGreaterThanOrEqualTo(Long.parseLong(offer));
                }
            }
        }
    }

    @Test
    void europeanAndBritishPricesAreStillUsdCentsAFewPercentAboveTheUsOnes() {
        List<Variant> us = all(Region.US);
        List<Variant> uk = all(Region.UK);
        List<Variant> eu = all(Region.EU);
        int compared = 0;
        for (int i = 0; i < us.size(); i++) {
            String usAsk = us.get(i).availability().get(LOWEST_LISTING);
            for (Variant other : List.of(uk.get(i), eu.get(i))) {
                String ask = other.availability().get(LOWEST_LISTING);
                if (usAsk != null && ask != null && Long.parseLong(usAsk) >= 10_000) {
                    // not converted to GBP or EUR: the same dollars plus a regional premium
                    double ratio = Double.parseDouble(ask) / Double.parseDouble(usAsk);
                    assertThat(ratio).isBetween(0.99, 1.13);
                    compared++;
                }
                assertThat(other.availability().get(GLOBAL_INDICATOR))
                        .isEqualTo(us.get(i).availability().get(GLOBAL_INDICATOR));
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void consignedFilterKeepsOnlyThatSide() {
        List<Variant> consigned = pricing.availabilities(panda(), Region.US, Optional.of(true));
        List<Variant> notConsigned = pricing.availabilities(panda(), Region.US, Optional.of(false));

        assertThat(consigned).isNotEmpty().allMatch(Variant::consigned);
        assertThat(notConsigned).isNotEmpty().noneMatch(Variant::consigned);
        assertThat(consigned.size() + notConsigned.size())
                .isEqualTo(pricing.availabilities(panda(), Region.US, Optional.empty())
                        .size());
    }

    @Test
    void pricesHoldWithinABucketAndDriftInTheNext() {
        List<Variant> first = all(Region.US);

        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(all(Region.US)).isEqualTo(first);

        clock.advance(Duration.ofMillis(1));
        List<Variant> next = all(Region.US);
        long changed = 0;
        for (int i = 0; i < first.size(); i++) {
            if (!first.get(i).equals(next.get(i))) {
                changed++;
            }
            assertThat(next.get(i).availability().keySet())
                    .as("a variant keeps its listings and offers")
                    .isEqualTo(first.get(i).availability().keySet());
        }
        assertThat(changed).isGreaterThan(first.size() / 2);
    }

    @Test
    void samePricesForTheSameInstantAcrossInstances() {
        AliasPricing other = new AliasPricing(
                new MovableClock(START), new AliasSimProperties(List.of("pat"), Duration.ofMinutes(5)));

        assertThat(other.availabilities(panda(), Region.EU, Optional.empty()))
                .isEqualTo(pricing.availabilities(panda(), Region.EU, Optional.empty()));
    }

    private Item panda() {
        return catalog.item("nike-dunk-low-retro-white-black-dd1391-100").orElseThrow();
    }

    private List<Variant> all(Region region) {
        List<Variant> rows = new ArrayList<>();
        for (Item item : catalog.all()) {
            rows.addAll(pricing.availabilities(item, region, Optional.empty()));
        }
        return rows;
    }
}
