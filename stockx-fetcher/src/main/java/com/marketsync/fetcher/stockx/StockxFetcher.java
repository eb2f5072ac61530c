package com.marketsync.fetcher.stockx;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.core.ProviderFetcher;
import com.marketsync.fetcher.stockx.ProductMappingRepository.ProductMapping;
import com.marketsync.fetcher.stockx.ProductResolver.Resolution;
import com.marketsync.fetcher.stockx.StockxClient.Session;
import com.marketsync.fetcher.stockx.StockxProperties.Account;
import com.marketsync.fetcher.stockx.StockxResponses.MarketData;
import com.marketsync.fetcher.stockx.StockxResponses.ProductVariant;
import com.marketsync.fetcher.stockx.StockxSnapshotMapper.Market;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers a StockX sync request as the account of the requested market: resolve the sku to a product (exact style
 * code only), read the product-level market data in the account's currency, and map every size to a snapshot.
 *
 * <p>A stored product that StockX answers 404 for, or that has neither market data nor sizes any more (retired), is
 * forgotten and re-resolved by search once; never more, so a sku costs a bounded number of calls.
 */
@Component
class StockxFetcher implements ProviderFetcher {

    private static final Logger log = LoggerFactory.getLogger(StockxFetcher.class);
    private static final int OK = 200;
    private static final String RETIRED = "has neither market data nor sizes";

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

    /**
     * The account whose market is the requested region; a region without one gets the default credential, whose
     * budget no real account shares, and {@link #fetch} fails it without a call.
     */
    @Override
    public String credentialFor(SyncRequest request) {
        return properties.accountIdFor(request.getRegion()).orElse(DEFAULT_CREDENTIAL);
    }

    /** A StockX region is an account: the one whose market it is. */
    @Override
    public Optional<String> missingRegionMapping(String region) {
        return properties.missingMapping(region);
    }

    @Override
    public FetchResult fetch(SyncRequest request, ProviderCalls calls) {
        Optional<String> accountId = properties.accountIdFor(request.getRegion());
        if (accountId.isEmpty()) {
            return new FetchResult.Failed("no StockX account for market " + request.getRegion(), null);
        }
        Account account = properties.account(accountId.get());
        String asked = request.getCurrency();
        if (asked != null && !asked.isBlank() && !asked.trim().equalsIgnoreCase(account.currency())) {
            // One currency per account (ADR 0005): another one is the same order book at StockX's exchange rate, a
            // call for data a subscriber can derive, and its snapshots would overwrite these under the same key.
            return new FetchResult.Failed(
                    "StockX market " + account.market() + " is priced in " + account.currency()
                            + " only (its account's currency), " + asked + " was asked for",
                    null);
        }
        Market market = new Market(account.market(), account.currency());
        Session session = new Session(accountId.get(), calls);
        try {
            return switch (resolver.resolve(session, request.getSku(), request.getProviderProductId())) {
                case Resolution.NoMatch noMatch -> new FetchResult.NotFound(noMatch.reason(), OK);
                case Resolution.Ambiguous ambiguous -> new FetchResult.MappingUnresolved(ambiguous.reason(), OK);
                case Resolution.Found found -> pricesReResolvingOnce(request, session, market, found);
            };
        } catch (ProviderCallException e) {
            return failure(request, session, e);
        }
    }

    private FetchResult pricesReResolvingOnce(
            SyncRequest request, Session session, Market market, Resolution.Found found) {
        ProductMapping remembered = found.product();
        if (found.fresh()) {
            return pricesOfFresh(request, session, market, remembered);
        }
        String gone = RETIRED;
        try {
            Optional<FetchResult> priced = prices(request, session, market, remembered, false);
            if (priced.isPresent()) {
                return priced.get();
            }
        } catch (ProviderCallException e) {
            if (e.kind() != Kind.NOT_FOUND) {
                throw e;
            }
            gone = "answered " + e.httpStatus();
        }
        // StockX retires and migrates products: a remembered id that is gone is re-resolved by search, once.
        log.info(
                "StockX product {} {}; re-resolving requestId={} sku={}",
                remembered.productId(),
                gone,
                request.getRequestId(),
                request.getSku());
        resolver.forget(request.getSku(), remembered.productId());
        return switch (resolver.search(session, request.getSku())) {
            case Resolution.NoMatch noMatch ->
                new FetchResult.NotFound(
                        noMatch.reason() + "; the stored product " + remembered.productId() + " " + gone, OK);
            case Resolution.Ambiguous ambiguous -> new FetchResult.MappingUnresolved(ambiguous.reason(), OK);
            case Resolution.Found again ->
                again.product().productId().equals(remembered.productId()) && RETIRED.equals(gone)
                        // Still listed, still without sizes: nothing to price, and asking again would cost a call.
                        ? new FetchResult.Succeeded(List.of(), remembered.productId(), OK)
                        : pricesOfFresh(request, session, market, again.product());
        };
    }

    /** Prices of a product found by search just now; a 404 on it drops the mapping again and ends as NOT_FOUND. */
    private FetchResult pricesOfFresh(SyncRequest request, Session session, Market market, ProductMapping product) {
        try {
            return prices(request, session, market, product, true).orElseThrow();
        } catch (ProviderCallException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                resolver.forget(request.getSku(), product.productId());
            }
            throw e;
        }
    }

    /**
     * The prices of a product, or empty if a remembered ({@code fresh == false}) product looks retired: no market
     * data and, asked again, no sizes.
     */
    private Optional<FetchResult> prices(
            SyncRequest request, Session session, Market market, ProductMapping product, boolean fresh) {
        Map<String, ProductVariant> cached = resolver.cachedVariants(product.productId());
        Map<String, ProductVariant> variants =
                cached != null ? cached : resolver.reloadVariants(session, product.productId());
        Instant fetchedAt = clock.instant();
        List<MarketData> marketData = client.marketData(session, product.productId(), market.currency());
        if (marketData.isEmpty()) {
            if (fresh) {
                return Optional.of(new FetchResult.Succeeded(List.of(), product.productId(), OK));
            }
            // No prices for a product we remembered: re-check its sizes (unless just fetched); none (or a 404)
            // means StockX retired it.
            Map<String, ProductVariant> rechecked =
                    cached == null ? variants : resolver.reloadVariants(session, product.productId());
            return rechecked.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new FetchResult.Succeeded(List.of(), product.productId(), OK));
        }
        if (cached != null
                && marketData.stream()
                        .anyMatch(entry -> entry.variantId() != null && !cached.containsKey(entry.variantId()))) {
            // A size added since the sizes were cached; asked for once, unknown sizes are then mapped without size.
            variants = resolver.reloadVariants(session, product.productId());
        }
        List<PriceSnapshot> snapshots;
        try {
            snapshots = mapper.map(request, product, market, variants, marketData, fetchedAt);
        } catch (ProviderCallException e) {
            throw new ProviderCallException(
                    Kind.MALFORMED, OK, null, "malformed StockX market data: " + e.getMessage(), e);
        }
        return Optional.of(new FetchResult.Succeeded(snapshots, product.productId(), OK));
    }

    private FetchResult failure(SyncRequest request, Session session, ProviderCallException e) {
        log.warn(
                "StockX {} for requestId={} sku={} region={} account={}: {}",
                e.kind(),
                request.getRequestId(),
                request.getSku(),
                request.getRegion(),
                session.accountId(),
                e.getMessage());
        return e.toResult();
    }
}
