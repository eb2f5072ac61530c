package com.marketsync.sim.alias;

import com.marketsync.sim.ReferencePrice;
import com.marketsync.sim.StableHash;
import com.marketsync.sim.alias.AliasCatalog.Item;
import com.marketsync.sim.alias.AliasResponses.Variant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Simulated Alias availabilities: every size in several condition, packaging and consignment variations, priced per
 * region in whole US dollars (written as cents), fixed within a time bucket and drifting from one bucket to the next.
 */
@Component
class AliasPricing {

    static final String LOWEST_LISTING = "lowest_listing_price_cents";
    static final String HIGHEST_OFFER = "highest_offer_price_cents";
    static final String LAST_SOLD = "last_sold_listing_price_cents";
    static final String GLOBAL_INDICATOR = "global_indicator_price_cents";

    private static final BigDecimal MINIMUM_LISTING_DOLLARS = BigDecimal.valueOf(25);

    private final Clock clock;
    private final long bucketMillis;

    AliasPricing(Clock clock, AliasSimProperties properties) {
        this.clock = clock;
        this.bucketMillis = properties.priceBucket().toMillis();
    }

    /** Alias's selling regions by {@code region_id}; the empty id is the global market, all regions together. */
    enum Region {
        GLOBAL(""),
        US("1"),
        EU("2"),
        UK("3");

        private final String id;

        Region(String id) {
            this.id = id;
        }

        static Optional<Region> parse(String regionId) {
            String id = regionId == null ? "" : regionId.trim();
            return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
        }

        static List<Region> selling() {
            return List.of(US, EU, UK);
        }
    }

    /** A variation's condition, packaging and consignment, and how much each takes off or adds to the price. */
    record Variation(String productCondition, String packagingCondition, boolean consigned, BigDecimal factor) {}

    private static final Variation NEW = variation("NEW", "GOOD_CONDITION", false, 100);
    private static final Variation NEW_CONSIGNED = variation("NEW", "GOOD_CONDITION", true, 104);
    private static final Variation NO_BOX = variation("NEW", "NO_ORIGINAL_BOX", false, 86);
    private static final Variation DAMAGED_BOX = variation("NEW", "BADLY_DAMAGED", false, 90);
    private static final Variation MISSING_LID = variation("NEW", "MISSING_LID", false, 95);
    private static final Variation USED = variation("USED", "GOOD_CONDITION", false, 64);
    private static final Variation DEFECTS = variation("NEW_WITH_DEFECTS", "GOOD_CONDITION", false, 78);

    private static Variation variation(String condition, String packaging, boolean consigned, int percent) {
        return new Variation(
                "PRODUCT_CONDITION_" + condition,
                "PACKAGING_CONDITION_" + packaging,
                consigned,
                BigDecimal.valueOf(percent, 2));
    }

    /**
     * Which variations of a size are on the market: new in a good box both consigned and not, plus at least one other
     * condition or packaging, depending on the shoe.
     */
    static List<Variation> variations(Item item, String sizeLabel) {
        String sku = item.sku();
        List<Variation> offered = new ArrayList<>(List.of(NEW, NEW_CONSIGNED));
        if (StableHash.bounded(10, "alias-damaged", sku, sizeLabel) < 2) {
            offered.add(DAMAGED_BOX);
        }
        if (StableHash.bounded(10, "alias-lid", sku, sizeLabel) == 0) {
            offered.add(MISSING_LID);
        }
        if (StableHash.bounded(10, "alias-used", sku, sizeLabel) < 3) {
            offered.add(USED);
        }
        if (StableHash.bounded(12, "alias-defects", sku, sizeLabel) == 0) {
            offered.add(DEFECTS);
        }
        if (offered.size() == 2 || StableHash.bounded(10, "alias-no-box", sku, sizeLabel) < 3) {
            offered.add(2, NO_BOX);
        }
        return offered;
    }

    /** Every variation of the item in the region, optionally only the consigned or the unconsigned ones. */
    List<Variant> availabilities(Item item, Region region, Optional<Boolean> consigned) {
        long bucket = Math.floorDiv(clock.millis(), bucketMillis);
        List<Variant> variants = new ArrayList<>();
        for (BigDecimal size : item.sizeRun().sizes()) {
            String label = item.sizeRun().label(size);
            for (Variation variation : variations(item, label)) {
                if (consigned.isPresent() && consigned.get() != variation.consigned()) {
                    continue;
                }
                variants.add(new Variant(
                        size,
                        variation.productCondition(),
                        variation.packagingCondition(),
                        variation.consigned(),
                        availability(item, label, variation, region, bucket)));
            }
        }
        return variants;
    }

    private Map<String, String> availability(Item item, String label, Variation v, Region region, long bucket) {
        Map<String, String> availability = new LinkedHashMap<>();
        // one string, since the hash of an array would differ from run to run
        String key = String.join(
                "|", item.sku(), label, v.productCondition(), v.packagingCondition(), String.valueOf(v.consigned()));
        if (region == Region.GLOBAL) {
            // the global market is all regions together: the cheapest listing, the best offer
            Optional<Long> lowest = Region.selling().stream()
                    .flatMap(r -> lowestListing(item, label, v, r, bucket, key).stream())
                    .min(Long::compare);
            Optional<Long> highest = Region.selling().stream()
                    .flatMap(r -> highestOffer(item, label, v, r, bucket, key).stream())
                    .max(Long::compare);
            lowest.ifPresent(cents -> availability.put(LOWEST_LISTING, cents.toString()));
            highest.ifPresent(cents -> availability.put(HIGHEST_OFFER, cents.toString()));
            Region lastSaleRegion = Region.selling().get(StableHash.bounded(3, "alias-last-region", key, bucket));
            availability.put(
                    LAST_SOLD,
                    lastSold(item, label, v, lastSaleRegion, bucket, key)
                            .map(String::valueOf)
                            .orElse(null));
        } else {
            lowestListing(item, label, v, region, bucket, key)
                    .ifPresent(cents -> availability.put(LOWEST_LISTING, cents.toString()));
            highestOffer(item, label, v, region, bucket, key)
                    .ifPresent(cents -> availability.put(HIGHEST_OFFER, cents.toString()));
            availability.put(
                    LAST_SOLD,
                    lastSold(item, label, v, region, bucket, key)
                            .map(String::valueOf)
                            .orElse(null));
        }
        BigDecimal indicator = value(item, label, v, Region.US, bucket)
                .multiply(ReferencePrice.factor(97, 103, "alias-indicator", key, bucket));
        availability.put(GLOBAL_INDICATOR, String.valueOf(cents(indicator)));
        return availability;
    }

    private Optional<Long> lowestListing(Item item, String label, Variation v, Region region, long bucket, String key) {
        int chance = v == NEW ? 88 : v == NEW_CONSIGNED ? 80 : 60;
        if (StableHash.bounded(100, "alias-ask", key, region) >= chance) {
            return Optional.empty();
        }
        return Optional.of(cents(value(item, label, v, region, bucket)));
    }

    private Optional<Long> highestOffer(Item item, String label, Variation v, Region region, long bucket, String key) {
        int chance = v == NEW ? 75 : v == NEW_CONSIGNED ? 60 : 40;
        if (StableHash.bounded(100, "alias-offer", key, region) >= chance) {
            return Optional.empty();
        }
        BigDecimal offer = value(item, label, v, region, bucket)
                .multiply(ReferencePrice.factor(78, 90, "alias-offer-level", key, region, bucket));
        return Optional.of(cents(offer));
    }

    private Optional<Long> lastSold(Item item, String label, Variation v, Region region, long bucket, String key) {
        if (StableHash.bounded(100, "alias-sold", key, region) >= 80) {
            return Optional.empty();
        }
        BigDecimal sale = value(item, label, v, region, bucket)
                .multiply(ReferencePrice.factor(92, 102, "alias-sale-level", key, region, bucket));
        return Optional.of(cents(sale));
    }

    /** The ask level of a variation in a region, in US dollars: market value with Alias's and the region's effects. */
    private static BigDecimal value(Item item, String label, Variation v, Region region, long bucket) {
        BigDecimal regionFactor =
                switch (region) {
                    case US, GLOBAL -> BigDecimal.ONE;
                    case EU -> ReferencePrice.factor(103, 112, "alias-region", item.sku(), region);
                    case UK -> ReferencePrice.factor(102, 110, "alias-region", item.sku(), region);
                };
        return ReferencePrice.usd(item.styleCode(), item.retailUsd(), label)
                .multiply(ReferencePrice.factor(94, 108, "alias-venue", item.sku()))
                .multiply(ReferencePrice.factor(96, 104, "alias-drift", item.sku(), label, bucket))
                .multiply(v.factor())
                .multiply(regionFactor);
    }

    /** Whole dollars, as Alias prices are, expressed in cents; never below Alias's minimum listing price. */
    private static long cents(BigDecimal dollars) {
        return dollars.setScale(0, RoundingMode.HALF_UP)
                .max(MINIMUM_LISTING_DOLLARS)
                .movePointRight(2)
                .longValueExact();
    }
}
