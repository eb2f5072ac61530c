package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Variant;
import com.marketsync.schemas.Money;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Decides whether a decoded snapshot can be stored, and names the first field that makes it unstorable. */
final class SnapshotValidation {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private static final Map<String, Function<PriceSnapshot, BigDecimal>> AMOUNTS = Map.of(
            "lowestAsk", PriceSnapshot::getLowestAsk,
            "highestBid", PriceSnapshot::getHighestBid,
            "lastSale", PriceSnapshot::getLastSale,
            "flexLowestAsk", PriceSnapshot::getFlexLowestAsk,
            "directLowestAsk", PriceSnapshot::getDirectLowestAsk,
            "suggestedSellFaster", PriceSnapshot::getSuggestedSellFaster,
            "suggestedEarnMore", PriceSnapshot::getSuggestedEarnMore,
            "suggestedBeatUs", PriceSnapshot::getSuggestedBeatUs,
            "globalIndicatorPrice", PriceSnapshot::getGlobalIndicatorPrice);

    private SnapshotValidation() {}

    /** The reason the snapshot cannot be stored, or empty when it can. */
    static Optional<String> problem(PriceSnapshot snapshot) {
        if (snapshot == null) {
            return Optional.of("value is null");
        }
        Optional<String> text = firstBlank(snapshot);
        if (text.isPresent()) {
            return text;
        }
        if (snapshot.getProvider() == null) {
            return Optional.of("provider is missing");
        }
        if (!CURRENCY.matcher(snapshot.getCurrency()).matches()) {
            return Optional.of("currency '" + snapshot.getCurrency() + "' is not three upper-case letters");
        }
        if (snapshot.getObservedAt() == null) {
            return Optional.of("observedAt is missing");
        }
        if (snapshot.getFetchedAt() == null) {
            return Optional.of("fetchedAt is missing");
        }
        Variant variant = snapshot.getVariant();
        if (variant.getSizeSystem() == null
                || variant.getCondition() == null
                || variant.getPackaging() == null
                || variant.getFulfilment() == null) {
            return Optional.of("variant dimension is missing");
        }
        for (Map.Entry<String, Function<PriceSnapshot, BigDecimal>> amount : AMOUNTS.entrySet()) {
            BigDecimal value = amount.getValue().apply(snapshot);
            // numeric(14,2) holds exactly what an event may carry; anything else would fail the insert on every retry
            if (!Money.fits(value)) {
                return Optional.of(amount.getKey() + " " + value.toPlainString() + " is not an amount in 0.00.."
                        + Money.LIMIT
                                .subtract(BigDecimal.ONE.movePointLeft(Money.SCALE))
                                .toPlainString());
            }
        }
        if (isNegative(snapshot.getSalesCount()) || isNegative(snapshot.getListingCount())) {
            return Optional.of("salesCount or listingCount is negative");
        }
        return Optional.empty();
    }

    private static Optional<String> firstBlank(PriceSnapshot snapshot) {
        if (isBlank(snapshot.getSnapshotId())) {
            return Optional.of("snapshotId is blank");
        }
        if (isBlank(snapshot.getSku())) {
            return Optional.of("sku is blank");
        }
        if (isBlank(snapshot.getRegion())) {
            return Optional.of("region is blank");
        }
        if (snapshot.getCurrency() == null) {
            return Optional.of("currency is missing");
        }
        if (snapshot.getVariant() == null || isBlank(snapshot.getVariant().getVariantKey())) {
            return Optional.of("variant.variantKey is blank");
        }
        if (snapshot.getRequestId() == null) {
            return Optional.of("requestId is missing");
        }
        if (containsNul(snapshot)) {
            // PostgreSQL text cannot hold U+0000, so such a record would fail the insert forever.
            return Optional.of("a text field contains the NUL character");
        }
        return Optional.empty();
    }

    private static boolean containsNul(PriceSnapshot snapshot) {
        Variant variant = snapshot.getVariant();
        return hasNul(snapshot.getSnapshotId())
                || hasNul(snapshot.getRequestId())
                || hasNul(snapshot.getSku())
                || hasNul(snapshot.getProviderProductId())
                || hasNul(snapshot.getStyleCodeRaw())
                || hasNul(snapshot.getRegion())
                || hasNul(snapshot.getCurrency())
                || hasNul(variant.getVariantKey())
                || hasNul(variant.getProviderVariantId())
                || hasNul(variant.getSize())
                || hasNul(variant.getUsSize())
                || (snapshot.getWarnings() != null
                        && snapshot.getWarnings().stream().anyMatch(SnapshotValidation::hasNul));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean hasNul(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    private static boolean isNegative(Integer value) {
        return value != null && value < 0;
    }
}
