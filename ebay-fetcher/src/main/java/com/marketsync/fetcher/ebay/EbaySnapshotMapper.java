package com.marketsync.fetcher.ebay;

import com.marketsync.events.Fulfilment;
import com.marketsync.events.PackagingCondition;
import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.ProductCondition;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.events.Variant;
import com.marketsync.fetcher.core.Amounts;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.SnapshotIds;
import com.marketsync.fetcher.ebay.EbayProperties.Marketplace;
import com.marketsync.fetcher.ebay.EbayResponses.ConvertedAmount;
import com.marketsync.fetcher.ebay.EbayResponses.ItemSummary;
import com.marketsync.fetcher.ebay.EbayResponses.SearchPage;
import com.marketsync.fetcher.ebay.EbayResponses.ShippingOption;
import com.marketsync.fetcher.ebay.ListingTitles.ListingSize;
import com.marketsync.fetcher.ebay.ListingTitles.Sizing;
import com.marketsync.schemas.EventSerde;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Turns eBay search pages into per-size price snapshots: keeps new, fixed-price listings whose title carries the exact
 * style code and one US size in men's, women's or grade-school sizing, priced in the marketplace's currency, and
 * reports per size the lowest price plus cheapest shipping and how many listings there were.
 *
 * <p>Each size keeps the system its listing gives it ({@link ListingTitles#usSize}): {@code 8W} (US_W) and {@code 8}
 * (US_M) are different snapshots, and a listing whose system is open gives none.
 *
 * <p>eBay has no bids, sales or product pages in the Browse API, and its licence forbids deriving price suggestions,
 * so every snapshot leaves those fields null and carries the licence flags.
 */
@Component
class EbaySnapshotMapper {

    /** eBay's licence forbids using its content to suggest or model prices. */
    static final String NO_PRICE_MODELLING = "EBAY_NO_PRICE_MODELLING";
    /** eBay's licence: displayed listing information must be at most 6 hours old. */
    static final String MAX_AGE_6H = "EBAY_MAX_AGE_6H";
    /** The lowest ask is price plus the cheapest shipping option, not the item price alone. */
    static final String ASK_INCLUDES_SHIPPING = "EBAY_ASK_INCLUDES_SHIPPING";
    /** eBay had more listings than the one page read, so counts are of a sample (cheapest first). */
    static final String FIRST_PAGE_ONLY = "EBAY_FIRST_PAGE_ONLY";

    static final String NEW_CONDITION = "1000";
    static final String FIXED_PRICE = "FIXED_PRICE";
    static final String AUCTION = "AUCTION";
    private static final int OK = 200;
    // Men's sizes first, then women's, then grade school; smallest first within a system.
    private static final Comparator<ListingSize> SIZE_ORDER =
            Comparator.comparing(ListingSize::system).thenComparing(size -> new BigDecimal(size.number()));

    EbaySnapshotMapper() {
        // The Avro builders copy enums reflectively, which Avro allows only for trusted packages.
        EventSerde.trustEventClasses();
    }

    /**
     * The result of one sync from the search page of each searched category, observed at {@code fetchedAt}: NotFound
     * when no listing names the style code, Failed when a matching listing is malformed or every one is in another
     * currency, else Succeeded with one snapshot per size (none if no listing qualifies).
     */
    FetchResult map(
            SyncRequest request, Marketplace marketplace, Map<String, SearchPage> pagesByCategory, Instant fetchedAt) {
        Instant observedAt = fetchedAt.truncatedTo(ChronoUnit.MILLIS);
        String sku = request.getSku();
        Set<String> seenItems = new HashSet<>();
        Map<ListingSize, Size> sizes = new TreeMap<>(SIZE_ORDER);
        Set<String> otherCurrencies = new TreeSet<>();
        int examined = 0;
        int carryingCode = 0;
        int priced = 0;
        boolean firstPageOnly = false;
        for (Map.Entry<String, SearchPage> searched : pagesByCategory.entrySet()) {
            SearchPage page = searched.getValue();
            Sizing sizing = Sizing.ofCategory(searched.getKey());
            firstPageOnly |= page.next() != null && !page.next().isBlank();
            for (ItemSummary item : page.itemSummaries()) {
                if (item == null) {
                    return malformed("null entry in itemSummaries");
                }
                if (item.itemId() != null && !seenItems.add(item.itemId())) {
                    // The same listing found again in another category.
                    continue;
                }
                examined++;
                if (!ListingTitles.carriesStyleCode(item.title(), sku)) {
                    continue;
                }
                carryingCode++;
                ListingSize size = ListingTitles.usSize(item.title(), sizing);
                if (!isNew(item) || !isFixedPrice(item) || size == null) {
                    continue;
                }
                Ask ask;
                try {
                    ask = ask(item, marketplace.currency());
                } catch (Amounts.MalformedAmountException | IllegalStateException e) {
                    return malformed("listing " + item.itemId() + ": " + e.getMessage());
                }
                if (ask.otherCurrency() != null) {
                    otherCurrencies.add(ask.otherCurrency());
                    continue;
                }
                priced++;
                if (ask.total() != null) {
                    sizes.computeIfAbsent(size, Size::new).add(ask.total(), item.epid());
                }
            }
        }
        if (carryingCode == 0) {
            return new FetchResult.NotFound(
                    "no eBay listing carries style code " + sku + " (" + examined + " listings examined on "
                            + marketplace.marketplaceId()
                            + (pagesByCategory.size() == 1 ? " in category " : " in categories ")
                            + String.join(", ", pagesByCategory.keySet()) + ")",
                    OK);
        }
        if (priced == 0 && !otherCurrencies.isEmpty()) {
            // eBay converts into the marketplace currency; a wholly foreign answer means the marketplace was wrong.
            return new FetchResult.Failed(
                    "every matching eBay listing on " + marketplace.marketplaceId() + " is priced in " + otherCurrencies
                            + ", not " + marketplace.currency(),
                    OK);
        }
        List<String> warnings = new ArrayList<>(List.of(NO_PRICE_MODELLING, MAX_AGE_6H, ASK_INCLUDES_SHIPPING));
        if (firstPageOnly) {
            warnings.add(FIRST_PAGE_ONLY);
        }
        String epid = commonEpid(sizes.values());
        List<PriceSnapshot> snapshots = sizes.values().stream()
                .map(size -> snapshot(request, marketplace, size, epid, warnings, observedAt))
                .toList();
        return new FetchResult.Succeeded(snapshots, epid, OK);
    }

    /**
     * Whether a category's search page holds the sku: a new, fixed-price listing carrying its style code with a size in
     * the category's own sizing (any size, for a category of unknown sizing). A women's sku found only through
     * listings that strayed into the men's category is not at home there.
     */
    static boolean holdsSku(String sku, String categoryId, SearchPage page) {
        Sizing sizing = Sizing.ofCategory(categoryId);
        for (ItemSummary item : page.itemSummaries()) {
            if (item == null
                    || !ListingTitles.carriesStyleCode(item.title(), sku)
                    || !isNew(item)
                    || !isFixedPrice(item)) {
                continue;
            }
            ListingSize size = ListingTitles.usSize(item.title(), sizing);
            if (size != null && (sizing.system() == null || sizing.system() == size.system())) {
                return true;
            }
        }
        return false;
    }

    private static FetchResult malformed(String problem) {
        return new FetchResult.Failed("malformed eBay search answer: " + problem, OK);
    }

    private static boolean isNew(ItemSummary item) {
        return NEW_CONDITION.equals(item.conditionId());
    }

    /** Buy It Now only: on an auction, {@code price} is the starting bid, not an ask. */
    private static boolean isFixedPrice(ItemSummary item) {
        List<String> options = item.buyingOptions();
        return options != null && options.contains(FIXED_PRICE) && !options.contains(AUCTION);
    }

    /**
     * Price plus the cheapest shipping option in the marketplace currency; a null total when no shipping cost is
     * known (calculated shipping), since price alone would understate the ask.
     */
    private static Ask ask(ItemSummary item, String currency) {
        ConvertedAmount price = item.price();
        if (price == null || price.value() == null || price.currency() == null) {
            throw new IllegalStateException("no price");
        }
        if (!currency.equals(price.currency())) {
            return new Ask(null, price.currency());
        }
        BigDecimal amount = Amounts.major("price.value", price.value());
        BigDecimal cheapestShipping = null;
        for (ShippingOption option :
                item.shippingOptions() == null ? List.<ShippingOption>of() : item.shippingOptions()) {
            ConvertedAmount cost = option == null ? null : option.shippingCost();
            if (cost == null || cost.value() == null || !currency.equals(cost.currency())) {
                continue;
            }
            BigDecimal shipping = Amounts.major("shippingCost.value", cost.value());
            if (cheapestShipping == null || shipping.compareTo(cheapestShipping) < 0) {
                cheapestShipping = shipping;
            }
        }
        return new Ask(
                cheapestShipping == null ? null : Amounts.major("price + shipping", amount.add(cheapestShipping)),
                null);
    }

    private static String commonEpid(Iterable<Size> sizes) {
        String common = null;
        for (Size size : sizes) {
            for (String epid : size.epids) {
                if (epid == null || epid.isBlank() || (common != null && !common.equals(epid))) {
                    return null;
                }
                common = epid;
            }
        }
        return common;
    }

    private static PriceSnapshot snapshot(
            SyncRequest request,
            Marketplace marketplace,
            Size size,
            String epid,
            List<String> warnings,
            Instant observedAt) {
        String label = size.size.label();
        // Men's sizes keep the bare number, so their keys stay what they were before other systems were read.
        String variantKey = "ebay:" + marketplace.marketplaceId() + "|" + label;
        return PriceSnapshot.newBuilder()
                .setSnapshotId(
                        SnapshotIds.of(Provider.EBAY, request.getSku(), variantKey, request.getRegion(), observedAt))
                .setRequestId(request.getRequestId())
                .setProvider(Provider.EBAY)
                .setSku(request.getSku())
                .setProviderProductId(epid)
                .setStyleCodeRaw(request.getSku())
                .setVariant(Variant.newBuilder()
                        .setVariantKey(variantKey)
                        // A snapshot aggregates many listings; no single eBay id names it.
                        .setProviderVariantId(null)
                        .setSize(label)
                        .setSizeSystem(size.size.system())
                        .setUsSize(size.size.number())
                        .setCondition(ProductCondition.NEW)
                        .setPackaging(PackagingCondition.UNKNOWN)
                        .setFulfilment(Fulfilment.ANY)
                        .build())
                .setRegion(request.getRegion())
                .setCurrency(marketplace.currency())
                .setLowestAsk(size.lowest)
                // The Browse API has no bids and no sales (Marketplace Insights is Limited Release), and the
                // licence forbids deriving suggestions: null says "not supplied", never "zero".
                .setHighestBid(null)
                .setLastSale(null)
                .setLastSaleAt(null)
                .setFlexLowestAsk(null)
                .setDirectLowestAsk(null)
                .setSuggestedSellFaster(null)
                .setSuggestedEarnMore(null)
                .setSuggestedBeatUs(null)
                .setGlobalIndicatorPrice(null)
                .setSalesCount(null)
                .setSalesWindowStart(null)
                .setSalesWindowEnd(null)
                .setListingCount(size.listings)
                .setObservedAt(observedAt)
                .setFetchedAt(observedAt)
                .setWarnings(List.copyOf(warnings))
                .build();
    }

    /** What one listing asks: the total, or the foreign currency it was priced in instead. */
    private record Ask(BigDecimal total, String otherCurrency) {}

    /** The listings of one size seen so far. */
    private static final class Size {
        private final ListingSize size;
        private final List<String> epids = new ArrayList<>();
        private BigDecimal lowest;
        private int listings;

        Size(ListingSize size) {
            this.size = size;
        }

        void add(BigDecimal total, String epid) {
            lowest = lowest == null || total.compareTo(lowest) < 0 ? total : lowest;
            listings++;
            epids.add(epid);
        }
    }
}
