package com.marketsync.fetcher.stockx;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.core.Amounts;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.SnapshotIds;
import com.marketsync.fetcher.stockx.ProductMappingRepository.ProductMapping;
import com.marketsync.fetcher.stockx.StockxResponses.Conversion;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxResponses.SubMarket;
import com.marketsync.schemas.EventSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * is condition NEW, packaging UNKNOWN, fulfilment STANDARD, with the flex and direct asks in their own fields.
 *
 * <p>The STANDARD figures (lowest ask, highest bid, sell faster, earn more, beat US) are read from
 * {@code standardMarketData}, the standard sub-market, whenever StockX sends that object, even where its fields are
 * null: the top-level {@code lowestAskAmount} and friends are not documented as standard-only and may be the best
 * over every programme, which would label a flex ask as a standard one. Only when {@code standardMarketData} is absent
 * do the top-level fields stand in (and beat US stays null, having no top-level twin). Likewise the flex ask comes
 * from {@code flexMarketData.lowestAsk}, falling back to {@code flexLowestAskAmount} only when {@code flexMarketData}
 * is absent, and the direct ask from {@code directMarketData.lowestAsk}.
 *
 * <p>Any entry or amount that cannot be represented exactly (no variantId, another product or currency, a variant
 * twice, an unparsable, negative, over-precise or too large amount) rejects the whole response: a corrupt price row is
 * worse than a failed sync.
 */
@Component
class StockxSnapshotMapper {

    static final String NO_LAST_SALE = "STOCKX_NO_LAST_SALE";
    static final String UNKNOWN_VARIANT = "STOCKX_UNKNOWN_VARIANT";
    private static final Pattern LEADING_NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");

    StockxSnapshotMapper() {
        // The Avro builders copy enums reflectively, which Avro allows only for trusted packages.
        EventSerde.trustEventClasses();
    }

    /**
     * One snapshot per market-data entry, stamped with the market and currency that produced it, observed at
     * {@code fetchedAt}.
     *
     * @throws ProviderCallException of kind MALFORMED if any entry is inconsistent or an amount is not exact
     */
    List<PriceSnapshot> map(
            SyncRequest request,
            ProductMapping product,
            Market market,
            Map<String, ProductVariant> variants,
            List<MarketData> marketData,
            Instant fetchedAt) {
        Instant observedAt = fetchedAt.truncatedTo(ChronoUnit.MILLIS);
        Set<String> seen = new HashSet<>();
        List<PriceSnapshot> snapshots = new ArrayList<>(marketData.size());
        for (int i = 0; i < marketData.size(); i++) {
            MarketData entry = marketData.get(i);
            if (entry.variantId() == null || entry.variantId().isBlank()) {
                // variantId is required by the schema; without it the prices belong to no size we could name.
                throw ProviderCallException.malformed("market data entry " + i + " has no variantId");
            }
            if (!seen.add(entry.variantId())) {
                throw ProviderCallException.malformed("variant " + entry.variantId() + " appears twice");
            }
            if (entry.productId() != null && !entry.productId().equals(product.productId())) {
                throw ProviderCallException.malformed("market data of product " + entry.productId() + " where "
                        + product.productId() + " was asked for");
            }
            if (!market.currency().equals(entry.currencyCode())) {
                throw ProviderCallException.malformed("variant " + entry.variantId() + " is priced in "
                        + entry.currencyCode() + " where " + market.currency() + " was asked for");
            }
            try {
                snapshots.add(snapshot(request, product, market, variants.get(entry.variantId()), entry, observedAt));
            } catch (Amounts.MalformedAmountException e) {
                throw ProviderCallException.malformed("variant " + entry.variantId() + ": " + e.getMessage());
            }
        }
        return snapshots;
    }

    private PriceSnapshot snapshot(
            SyncRequest request,
            ProductMapping product,
            Market market,
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
        SubMarket standard = entry.standardMarketData();
        return PriceSnapshot.newBuilder()
                .setSnapshotId(
                        SnapshotIds.of(Provider.STOCKX, request.getSku(), variantKey, market.region(), observedAt))
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
                .setRegion(market.region())
                .setCurrency(market.currency())
                .setLowestAsk(
                        standard != null
                                ? amount("standardMarketData.lowestAsk", standard.lowestAsk())
                                : amount("lowestAskAmount", entry.lowestAskAmount()))
                .setHighestBid(
                        standard != null
                                ? amount("standardMarketData.highestBidAmount", standard.highestBidAmount())
                                : amount("highestBidAmount", entry.highestBidAmount()))
                // StockX's public API has no sales data; null says "not supplied", never "zero".
                .setLastSale(null)
                .setLastSaleAt(null)
                .setFlexLowestAsk(
                        entry.flexMarketData() != null
                                ? amount(
                                        "flexMarketData.lowestAsk",
                                        entry.flexMarketData().lowestAsk())
                                : amount("flexLowestAskAmount", entry.flexLowestAskAmount()))
                .setDirectLowestAsk(sub(entry.directMarketData(), SubMarket::lowestAsk, "directMarketData.lowestAsk"))
                .setSuggestedSellFaster(
                        standard != null
                                ? amount("standardMarketData.sellFaster", standard.sellFaster())
                                : amount("sellFasterAmount", entry.sellFasterAmount()))
                .setSuggestedEarnMore(
                        standard != null
                                ? amount("standardMarketData.earnMore", standard.earnMore())
                                : amount("earnMoreAmount", entry.earnMoreAmount()))
                .setSuggestedBeatUs(sub(standard, SubMarket::beatUs, "standardMarketData.beatUS"))
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
     * A money amount from a JSON string or number in major units, exactly at the event's scale; null and absent
     * stay null.
     *
     * @throws Amounts.MalformedAmountException if the value is not an exact, non-negative amount
     */
    static BigDecimal amount(String field, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isString()) {
            return Amounts.major(field, node.stringValue());
        }
        if (node.isNumber()) {
            // Parsed with USE_BIG_DECIMAL_FOR_FLOATS, so the text never passed through a double.
            return Amounts.major(field, node.decimalValue());
        }
        throw new Amounts.MalformedAmountException(field + " is neither a string nor a number: " + node);
    }

    /**
     * The market that produced the prices and the currency they are in.
     *
     * @param region the account's market, stamped on every snapshot
     * @param currency the currency asked for and expected on every entry
     */
    record Market(String region, String currency) {}
}
