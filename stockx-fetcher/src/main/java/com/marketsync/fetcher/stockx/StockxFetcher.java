package com.marketsync.fetcher.stockx;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.ProviderFetcher;
import com.marketsync.fetcher.stockx.ProductResolver.Resolution;
import com.marketsync.fetcher.stockx.ProductResolver.ResolvedProduct;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers a StockX sync request: resolve the sku to a product (exact style code only), read the product-level market
 * data in the wanted currency, and map every size to a snapshot.
 */
@Component
class StockxFetcher implements ProviderFetcher {

    private static final Logger log = LoggerFactory.getLogger(StockxFetcher.class);
    private static final int OK = 200;

    private final StockxClient client;
    private final ProductResolver resolver;
    private final StockxSnapshotMapper mapper;
    private final StockxProperties properties;
    private final Clock clock;

    StockxFetcher(
            StockxClient client,
            ProductResolver resolver,
            StockxSnapshotMapper mapper,
            StockxProperties properties,
            Clock clock) {
        this.client = client;
        this.resolver = resolver;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.STOCKX;
    }

    @Override
    public FetchResult fetch(SyncRequest request) {
        String currency = request.getCurrency() != null
                ? request.getCurrency().toUpperCase(Locale.ROOT)
                : properties.currencyFor(request.getRegion());
        if (currency == null) {
            return new FetchResult.Failed("no currency configured for region " + request.getRegion(), null);
        }
        try {
            return switch (resolver.resolve(request.getSku(), request.getProviderProductId())) {
                case Resolution.NoMatch noMatch -> new FetchResult.NotFound(noMatch.reason(), OK);
                case Resolution.Ambiguous ambiguous -> new FetchResult.MappingUnresolved(ambiguous.reason(), OK);
                case Resolution.Found found -> pricesResolvingStaleIds(request, found, currency);
            };
        } catch (StockxException e) {
            return failure(request, e);
        }
    }

    private FetchResult pricesResolvingStaleIds(SyncRequest request, Resolution.Found found, String currency) {
        String productId = found.product().productId();
        try {
            return prices(request, found.product(), currency);
        } catch (StockxException e) {
            if (e.kind() != StockxException.Kind.NOT_FOUND) {
                throw e;
            }
            resolver.forget(request.getSku(), productId);
            if (found.fresh()) {
                throw e;
            }
            // StockX retires and migrates products: a remembered id that 404s is re-resolved by search, once.
            log.info(
                    "StockX product {} is gone; re-resolving requestId={} sku={}",
                    productId,
                    request.getRequestId(),
                    request.getSku());
            return switch (resolver.search(request.getSku())) {
                case Resolution.NoMatch noMatch -> new FetchResult.NotFound(noMatch.reason(), OK);
                case Resolution.Ambiguous ambiguous -> new FetchResult.MappingUnresolved(ambiguous.reason(), OK);
                case Resolution.Found again -> prices(request, again.product(), currency);
            };
        }
    }

    private FetchResult prices(SyncRequest request, ResolvedProduct product, String currency) {
        Map<String, ProductVariant> cached = resolver.cachedVariants(product.productId());
        Map<String, ProductVariant> variants = cached != null ? cached : resolver.reloadVariants(product.productId());
        Instant fetchedAt = clock.instant();
        List<MarketData> marketData = client.marketData(product.productId(), currency);
        if (cached != null && marketData.stream().anyMatch(entry -> !cached.containsKey(entry.variantId()))) {
            // A size added since the sizes were cached; asked for once, unknown sizes are then mapped without size.
            variants = resolver.reloadVariants(product.productId());
        }
        List<PriceSnapshot> snapshots;
        try {
            snapshots = mapper.map(request, product, currency, variants, marketData, fetchedAt);
        } catch (StockxException e) {
            throw new StockxException(
                    StockxException.Kind.MALFORMED, OK, null, "malformed StockX market data: " + e.getMessage(), e);
        }
        return new FetchResult.Succeeded(snapshots, product.productId(), OK);
    }

    private FetchResult failure(SyncRequest request, StockxException e) {
        log.warn(
                "StockX {} for requestId={} sku={} region={}: {}",
                e.kind(),
                request.getRequestId(),
                request.getSku(),
                request.getRegion(),
                e.getMessage());
        return switch (e.kind()) {
            case NOT_FOUND -> new FetchResult.NotFound(e.getMessage(), e.httpStatus());
            case RATE_LIMITED -> new FetchResult.RateLimited(e.retryAfter(), e.httpStatus());
            case MALFORMED -> new FetchResult.Failed(e.getMessage(), e.httpStatus());
            case FAILED -> new FetchResult.Failed(e.getMessage(), e.httpStatus());
        };
    }
}
