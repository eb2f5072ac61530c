package com.marketsync.fetcher.alias;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SizeSystem;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.alias.AliasResponses.Availability;
import com.marketsync.fetcher.alias.AliasResponses.CatalogItem;
import com.marketsync.fetcher.alias.AliasResponses.VariantAvailability;
import com.marketsync.fetcher.core.Amounts;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.SnapshotIds;
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
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Maps an Alias availabilities answer to one canonical PriceSnapshot per variant (size × product condition × packaging
 * condition × consigned); the only class that knows both the Alias records and the event.
 *
 * <p>Alias prices are integer USD cents whatever the region, so every snapshot is in USD. Anything that cannot be
 * represented exactly or identified unambiguously (unparsable, negative or fractional cents, a missing or unknown
 * size, condition or consigned flag, the same variant twice) rejects the whole answer: a corrupt price row is worse
 * than a failed sync.
 */
@Component
class AliasSnapshotMapper {

    static final String CURRENCY = "USD";
    /** The catalog item names no gender we know, so the size is assumed to be US men's. */
    static final String SIZE_SYSTEM_ASSUMED = "ALIAS_SIZE_SYSTEM_ASSUMED_US_M";
    /** The variant came without an availability object: it carries no prices. */
    static final String NO_AVAILABILITY = "ALIAS_NO_AVAILABILITY";

    // Names as documented, and the protobuf numbers the API also uses for these enums (PROVIDERS.md §2.2).
    private static final Map<String, ProductCondition> CONDITIONS = Map.of(
            "PRODUCT_CONDITION_NEW", ProductCondition.NEW,
            "PRODUCT_CONDITION_USED", ProductCondition.USED,
            "PRODUCT_CONDITION_NEW_WITH_DEFECTS", ProductCondition.NEW_WITH_DEFECTS,
            "1", ProductCondition.NEW,
            "2", ProductCondition.USED,
            "3", ProductCondition.NEW_WITH_DEFECTS);
    private static final Map<String, PackagingCondition> PACKAGINGS = Map.of(
            "PACKAGING_CONDITION_GOOD_CONDITION", PackagingCondition.GOOD,
            "PACKAGING_CONDITION_MISSING_LID", PackagingCondition.MISSING_LID,
            "PACKAGING_CONDITION_BADLY_DAMAGED", PackagingCondition.BADLY_DAMAGED,
            "PACKAGING_CONDITION_NO_ORIGINAL_BOX", PackagingCondition.NO_ORIGINAL_BOX,
            "1", PackagingCondition.GOOD,
            "2", PackagingCondition.MISSING_LID,
            "3", PackagingCondition.BADLY_DAMAGED,
            "4", PackagingCondition.NO_ORIGINAL_BOX);

    AliasSnapshotMapper() {
        // The Avro builders copy enums reflectively, which Avro allows only for trusted packages.
        EventSerde.trustEventClasses();
    }

    /**
     * One snapshot per variant, in the order Alias listed them, observed at {@code fetchedAt} (to the millisecond).
     *
     * @throws ProviderCallException of kind MALFORMED naming the field if any variant is inconsistent or an amount inexact
     */
    List<PriceSnapshot> map(
            SyncRequest request, CatalogItem item, List<VariantAvailability> variants, Instant fetchedAt) {
        Instant observedAt = fetchedAt.truncatedTo(ChronoUnit.MILLIS);
        SizeSystem sizeSystem = sizeSystem(item.gender());
        Set<String> variantKeys = new HashSet<>();
        List<PriceSnapshot> snapshots = new ArrayList<>(variants.size());
        for (int i = 0; i < variants.size(); i++) {
            String at = "variants[" + i + "]";
            VariantAvailability variant = variants.get(i);
            String size = size(at + ".size", variant.size());
            ProductCondition condition = enumValue(at + ".product_condition", variant.productCondition(), CONDITIONS);
            PackagingCondition packaging =
                    enumValue(at + ".packaging_condition", variant.packagingCondition(), PACKAGINGS);
            boolean consigned = consigned(at + ".consigned", variant.consigned());
            String variantKey =
                    "alias:" + item.catalogId() + "|" + size + "|" + condition + "|" + packaging + "|" + consigned;
            if (!variantKeys.add(variantKey)) {
                throw ProviderCallException.malformed(at + " repeats variant " + variantKey);
            }
            List<String> warnings = new ArrayList<>();
            if (sizeSystem == null) {
                warnings.add(SIZE_SYSTEM_ASSUMED);
            }
            Availability prices = variant.availability();
            if (prices == null) {
                warnings.add(NO_AVAILABILITY);
            }
            String field = at + ".availability.";
            snapshots.add(PriceSnapshot.newBuilder()
                    .setSnapshotId(SnapshotIds.of(
                            Provider.ALIAS, request.getSku(), variantKey, request.getRegion(), observedAt))
                    .setRequestId(request.getRequestId())
                    .setProvider(Provider.ALIAS)
                    .setSku(request.getSku())
                    .setProviderProductId(item.catalogId())
                    .setStyleCodeRaw(item.sku())
                    .setVariant(Variant.newBuilder()
                            .setVariantKey(variantKey)
                            .setProviderVariantId(null)
                            .setSize(size)
                            .setSizeSystem(sizeSystem == null ? SizeSystem.US_M : sizeSystem)
                            // Pricing endpoints take and return US sizes, so the label is the US size.
                            .setUsSize(size)
                            .setCondition(condition)
                            .setPackaging(packaging)
                            .setFulfilment(consigned ? Fulfilment.CONSIGNED : Fulfilment.NOT_CONSIGNED)
                            .build())
                    .setRegion(request.getRegion())
                    .setCurrency(CURRENCY)
                    .setLowestAsk(
                            cents(field + "lowest_listing_price_cents", prices, Availability::lowestListingPriceCents))
                    .setHighestBid(
                            cents(field + "highest_offer_price_cents", prices, Availability::highestOfferPriceCents))
                    .setLastSale(cents(
                            field + "last_sold_listing_price_cents", prices, Availability::lastSoldListingPriceCents))
                    .setLastSaleAt(null)
                    .setFlexLowestAsk(null)
                    .setDirectLowestAsk(null)
                    .setSuggestedSellFaster(null)
                    .setSuggestedEarnMore(null)
                    .setSuggestedBeatUs(null)
                    .setGlobalIndicatorPrice(cents(
                            field + "global_indicator_price_cents", prices, Availability::globalIndicatorPriceCents))
                    .setSalesCount(null)
                    .setSalesWindowStart(null)
                    .setSalesWindowEnd(null)
                    .setListingCount(null)
                    .setObservedAt(observedAt)
                    .setFetchedAt(observedAt)
                    .setWarnings(warnings)
                    .build());
        }
        return snapshots;
    }

    /**
     * The size system of the US sizes Alias prices a catalog item in, from its gender; null when the gender is absent
     * or unknown (the snapshot then says US_M and carries {@link #SIZE_SYSTEM_ASSUMED}).
     *
     * <p>{@code size_unit} does not matter here: it describes the item's {@code allowed_sizes} values, while the
     * pricing endpoints always use the US size. GOAT sizes women's and youth products in US women's and youth sizes.
     */
    static SizeSystem sizeSystem(String gender) {
        if (gender == null) {
            return null;
        }
        return switch (gender.trim().toLowerCase(Locale.ROOT)) {
            case "men", "male" -> SizeSystem.US_M;
            case "women", "female" -> SizeSystem.US_W;
            case "youth" -> SizeSystem.US_Y;
            case "unisex" -> SizeSystem.US_UNISEX;
            default -> null;
        };
    }

    /** A US size as a plain decimal string: {@code 10.5} → "10.5", {@code 10} and {@code 10.0} → "10". */
    static String size(String field, JsonNode node) {
        if (isAbsent(node)) {
            throw ProviderCallException.malformed(field + " is missing");
        }
        if (!node.isNumber()) {
            throw ProviderCallException.malformed(field + " is not a number: " + node);
        }
        BigDecimal size = node.decimalValue();
        if (size.signum() <= 0) {
            throw ProviderCallException.malformed(field + " is not a positive size: " + size.toPlainString());
        }
        return size.stripTrailingZeros().toPlainString();
    }

    private static <E> E enumValue(String field, JsonNode node, Map<String, E> known) {
        if (isAbsent(node)) {
            throw ProviderCallException.malformed(field + " is missing");
        }
        E value = node.isString() || node.isIntegralNumber() ? known.get(node.asString()) : null;
        if (value == null) {
            throw ProviderCallException.malformed(field + " has an unknown value: " + node);
        }
        return value;
    }

    private static boolean consigned(String field, JsonNode node) {
        if (isAbsent(node)) {
            throw ProviderCallException.malformed(field + " is missing");
        }
        if (!node.isBoolean()) {
            throw ProviderCallException.malformed(field + " is not a boolean: " + node);
        }
        return node.booleanValue();
    }

    private static BigDecimal cents(String field, Availability prices, Function<Availability, JsonNode> amount) {
        return prices == null ? null : cents(field, amount.apply(prices));
    }

    /**
     * An amount from integer cents in a JSON string (as documented) or number, at scale 2 exactly; null, absent and
     * zero stay null: Alias encodes "no listing / offer / sale" as the int64 default 0, and its minimum listing price
     * is far above zero, so a zero is never a price.
     *
     * @throws ProviderCallException of kind MALFORMED if the value is not a whole, non-negative number of cents that fits
     */
    static BigDecimal cents(String field, JsonNode node) {
        if (isAbsent(node)) {
            return null;
        }
        String text;
        if (node.isString()) {
            text = node.stringValue();
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                throw ProviderCallException.malformed(
                        field + " is not a whole number of cents: " + value.toPlainString());
            }
            text = value.toBigInteger().toString();
        } else {
            throw ProviderCallException.malformed(field + " is neither a string nor a number: " + node);
        }
        BigDecimal amount;
        try {
            amount = Amounts.cents(field, text);
        } catch (Amounts.MalformedAmountException e) {
            throw ProviderCallException.malformed(e.getMessage());
        }
        return amount.signum() == 0 ? null : amount;
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
