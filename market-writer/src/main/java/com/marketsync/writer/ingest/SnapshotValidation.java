package com.marketsync.writer.ingest;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Variant;
import com.marketsync.schemas.Money;
import com.marketsync.writer.WriterProperties;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Decides whether a decoded snapshot can be stored, and names the first field that makes it unstorable: missing
 * identity, a currency that is not an ISO 4217 code, a negative or absurd amount, an observation in the future.
 */
@Component
public class SnapshotValidation {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

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

    private final WriterProperties.Validation settings;
    private final Clock clock;

    SnapshotValidation(WriterProperties properties, Clock clock) {
        this.settings = properties.validation();
        this.clock = clock;
    }

    /** The reason the snapshot cannot be stored, or empty when it can. */
    public Optional<String> problem(PriceSnapshot snapshot) {
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
        if (!ISO_CURRENCIES.contains(snapshot.getCurrency())) {
            return Optional.of("currency '" + snapshot.getCurrency() + "' is not an ISO 4217 currency");
        }
        if (snapshot.getObservedAt() == null) {
            return Optional.of("observedAt is missing");
        }
        if (snapshot.getFetchedAt() == null) {
            return Optional.of("fetchedAt is missing");
        }
        Instant latestBelievable = clock.instant().plus(settings.futureTolerance());
        if (snapshot.getObservedAt().isAfter(latestBelievable)) {
            return Optional.of("observedAt " + snapshot.getObservedAt() + " is in the future (more than "
                    + settings.futureTolerance() + " ahead of " + clock.instant() + ")");
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
            if (value != null && value.compareTo(settings.maxAmount()) > 0) {
                return Optional.of(amount.getKey() + " " + value.toPlainString() + " " + snapshot.getCurrency()
                        + " is absurd (above market.writer.validation.max-amount "
                        + settings.maxAmount().toPlainString()
                        + ")");
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
                || hasNul(snapshot.getWarnings());
    }

    /** A loop, not a stream: on every record, a stream over Avro's array was about half of this check's time. */
    private static boolean hasNul(List<String> values) {
        if (values != null) {
            for (String value : values) {
                if (hasNul(value)) {
                    return true;
                }
            }
        }
        return false;
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
