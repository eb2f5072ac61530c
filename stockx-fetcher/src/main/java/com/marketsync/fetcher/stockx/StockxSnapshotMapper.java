package com.marketsync.fetcher.stockx;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.stockx.ProductResolver.ResolvedProduct;
import com.marketsync.fetcher.stockx.StockxResponses.Conversion;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxResponses.SubMarket;
import com.marketsync.schemas.EventSerde;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Maps StockX product market data, joined with the product's sizes, to one canonical PriceSnapshot per variant; the
 * only class that knows both the StockX records and the event.
 *
 * <p>StockX sells new, deadstock goods through its authentication flow and states no box condition, so every snapshot
 * is condition NEW, packaging UNKNOWN, fulfilment STANDARD (flex and direct asks travel in their own fields). Any
 * amount that cannot be represented exactly (unparsable, negative, more than 2 decimals, too large) rejects the whole
 * response: a corrupt price row is worse than a failed sync.
 */
@Component
class StockxSnapshotMapper {

    static final String NO_LAST_SALE = "STOCKX_NO_LAST_SALE";
    static final String UNKNOWN_VARIANT = "STOCKX_UNKNOWN_VARIANT";
    private static final int SCALE = 2;
    // The event's decimal precision; a larger amount would fail serialization and block the partition.
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(14 - SCALE);
    private static final Pattern LEADING_NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");

    StockxSnapshotMapper() {
        // The Avro builders copy enums reflectively, which Avro allows only for trusted packages.
        EventSerde.trustEventClasses();
    }

    /**
     * One snapshot per market-data entry, in the requested currency, observed at {@code fetchedAt}.
     *
     * @throws StockxException of kind MALFORMED if any entry is inconsistent or an amount is not exact
     */
    List<PriceSnapshot> map(
            SyncRequest request,
            ResolvedProduct product,
            String currency,
            Map<String, ProductVariant> variants,
            List<MarketData> marketData,
            Instant fetchedAt) {
        Instant observedAt = fetchedAt.truncatedTo(ChronoUnit.MILLIS);
        Set<String> seen = new HashSet<>();
        List<PriceSnapshot> snapshots = new ArrayList<>(marketData.size());
        for (MarketData entry : marketData) {
            if (entry.variantId() == null || entry.variantId().isBlank()) {
                throw StockxException.malformed("market data entry without variantId");
            }
            if (!seen.add(entry.variantId())) {
                throw StockxException.malformed("variant " + entry.variantId() + " appears twice");
            }
            if (entry.productId() != null && !entry.productId().equals(product.productId())) {
                throw StockxException.malformed("market data of product " + entry.productId() + " where "
                        + product.productId() + " was asked for");
            }
            if (!currency.equals(entry.currencyCode())) {
                throw StockxException.malformed(
                        "currency " + entry.currencyCode() + " where " + currency + " was asked for");
            }
            snapshots.add(snapshot(request, product, currency, variants.get(entry.variantId()), entry, observedAt));
        }
        return snapshots;
    }

    private PriceSnapshot snapshot(
            SyncRequest request,
            ResolvedProduct product,
            String currency,
            ProductVariant size,
            MarketData entry,
            Instant observedAt) {
        String variantKey = "stockx:" + entry.variantId();
        List<String> warnings = new ArrayList<>(List.of(NO_LAST_SALE));
        if (size == null) {
            warnings.add(UNKNOWN_VARIANT);
        }
        Conversion conversion = size == null || size.sizeChart() == null
                ? null
                : size.sizeChart().defaultConversion();
        String conversionType = conversion == null || conversion.type() == null
                ? ""
                : conversion.type().trim().toLowerCase(Locale.ROOT);
        return PriceSnapshot.newBuilder()
                .setSnapshotId(snapshotId(request, variantKey, observedAt))
                .setRequestId(request.getRequestId())
                .setProvider(Provider.STOCKX)
                .setSku(request.getSku())
                .setProviderProductId(product.productId())
                .setStyleCodeRaw(product.styleId())
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        .setProviderVariantId(entry.variantId())
                        .setSize(size == null ? null : size.variantValue())
                        .setSizeSystem(sizeSystem(conversionType))
                        .setUsSize(usSize(conversionType, conversion, size))
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.UNKNOWN)
                        .setFulfilment(Fulfilment.STANDARD)
                        .build())
                .setRegion(request.getRegion())
                .setCurrency(currency)
                .setLowestAsk(amount("lowestAskAmount", entry.lowestAskAmount()))
                .setHighestBid(amount("highestBidAmount", entry.highestBidAmount()))
                // StockX's public API has no sales data; null says "not supplied", never "zero".
                .setLastSale(null)
                .setLastSaleAt(null)
                .setFlexLowestAsk(amount("flexLowestAskAmount", entry.flexLowestAskAmount()))
                .setDirectLowestAsk(sub(entry.directMarketData(), SubMarket::lowestAsk, "directMarketData.lowestAsk"))
                .setSuggestedSellFaster(amount("sellFasterAmount", entry.sellFasterAmount()))
                .setSuggestedEarnMore(amount("earnMoreAmount", entry.earnMoreAmount()))
                .setSuggestedBeatUs(sub(entry.standardMarketData(), SubMarket::beatUs, "standardMarketData.beatUS"))
                .setGlobalIndicatorPrice(null)
                .setSalesCount(null)
                .setSalesWindowStart(null)
                .setSalesWindowEnd(null)
                .setListingCount(null)
                .setObservedAt(observedAt)
                .setFetchedAt(observedAt)
                .setWarnings(warnings)
                .build();
    }

    /** Same provider, sku, variant, region and observation instant give the same id, so a re-send collapses. */
    static String snapshotId(SyncRequest request, String variantKey, Instant observedAt) {
        String natural = String.join(
                "|",
                Provider.STOCKX.name(),
                request.getSku(),
                variantKey,
                request.getRegion(),
                Long.toString(observedAt.toEpochMilli()));
        return UUID.nameUUIDFromBytes(natural.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static SizeSystem sizeSystem(String conversionType) {
        return switch (conversionType) {
            case "us m" -> SizeSystem.US_M;
            case "us w" -> SizeSystem.US_W;
            case "us y" -> SizeSystem.US_Y;
            case "uk" -> SizeSystem.UK;
            case "eu" -> SizeSystem.EU;
            case "cm" -> SizeSystem.CM;
            default -> SizeSystem.OTHER;
        };
    }

    private static String usSize(String conversionType, Conversion conversion, ProductVariant size) {
        if (!conversionType.startsWith("us")) {
            return null;
        }
        String label = conversion.size() != null ? conversion.size() : size.variantValue();
        if (label == null) {
            return null;
        }
        // Labels such as "6.5W" or "US 10" carry a suffix or prefix around the number.
        Matcher number = LEADING_NUMBER.matcher(label);
        return number.find() ? number.group(1) : null;
    }

    private static BigDecimal sub(SubMarket market, Function<SubMarket, JsonNode> field, String name) {
        return market == null ? null : amount(name, field.apply(market));
    }

    /**
     * A money amount from a JSON string or number, at scale 2 exactly; null and absent stay null.
     *
     * @throws StockxException of kind MALFORMED if the value is not an exact, non-negative amount
     */
    static BigDecimal amount(String field, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        BigDecimal value;
        if (node.isString()) {
            String text = node.stringValue().trim();
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw StockxException.malformed(field + " is not a number: \"" + text + "\"");
            }
        } else if (node.isNumber()) {
            value = node.decimalValue();
        } else {
            throw StockxException.malformed(field + " is neither a string nor a number: " + node);
        }
        if (value.signum() < 0) {
            throw StockxException.malformed(field + " is negative: " + value.toPlainString());
        }
        BigDecimal scaled;
        try {
            scaled = value.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw StockxException.malformed(field + " has more than " + SCALE + " decimals: " + value.toPlainString());
        }
        if (scaled.compareTo(LIMIT) >= 0) {
            throw StockxException.malformed(field + " is too large: " + value.toPlainString());
        }
        return scaled;
    }
}
