package com.marketsync.fetcher.ebay;

import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.core.ProviderFetcher;
import com.marketsync.fetcher.ebay.EbayProperties.Marketplace;
import com.marketsync.fetcher.ebay.EbayResponses.SearchPage;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers an eBay sync request: search the region's marketplace for new, fixed-price listings of the sku in the
 * configured sneaker categories (one Browse call per category) and map them to per-size lowest asks.
 *
 * <p>Categories are searched one at a time, stopping at the first that holds the sku in its own sizing (men's,
 * women's, grade school), and the one that did is remembered for the sku: a men's sku costs one call, a women's or
 * grade-school sku two or three calls on its first sync and one after that.
 */
@Component
class EbayFetcher implements ProviderFetcher {

    private static final Logger log = LoggerFactory.getLogger(EbayFetcher.class);

    private final EbayClient client;
    private final EbaySnapshotMapper mapper;
    private final EbayProperties properties;
    private final Clock clock;
    private final SkuCategories skuCategories = new SkuCategories();

    EbayFetcher(EbayClient client, EbaySnapshotMapper mapper, EbayProperties properties, Clock clock) {
        this.client = client;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.EBAY;
    }

    @Override
    public Optional<String> missingRegionMapping(String region) {
        return properties.missingMapping(region);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A {@link com.marketsync.fetcher.core.CallRefusedException} from {@code calls} propagates untouched.
     */
    @Override
    public FetchResult fetch(SyncRequest request, ProviderCalls calls) {
        Marketplace marketplace = properties.marketplaceFor(request.getRegion());
        if (marketplace == null) {
            return new FetchResult.Failed(
                    "no eBay marketplace configured for region " + request.getRegion() + " (market.ebay.regions)",
                    null);
        }
        String currency = request.getCurrency();
        if (currency != null && !currency.isBlank() && !currency.trim().equalsIgnoreCase(marketplace.currency())) {
            // eBay prices every listing in the marketplace's currency; there is no parameter to ask for another.
            return new FetchResult.Failed(
                    "eBay prices " + marketplace.marketplaceId() + " in " + marketplace.currency() + " only, "
                            + currency + " was asked for",
                    null);
        }
        Instant fetchedAt = clock.instant();
        try {
            Map<String, SearchPage> pages = new LinkedHashMap<>();
            String home = null;
            for (String category : properties.searchOrder(skuCategories.of(request.getSku()))) {
                SearchPage page = client.search(request.getSku(), category, marketplace, calls);
                pages.put(category, page);
                if (EbaySnapshotMapper.holdsSku(request.getSku(), category, page)) {
                    home = category;
                    break;
                }
            }
            skuCategories.found(request.getSku(), home);
            return mapper.map(request, marketplace, pages, fetchedAt);
        } catch (ProviderCallException e) {
            log.warn(
                    "eBay {} for requestId={} sku={} region={}: {}",
                    e.kind(),
                    request.getRequestId(),
                    request.getSku(),
                    request.getRegion(),
                    e.getMessage());
            return e.toResult();
        }
    }
}
