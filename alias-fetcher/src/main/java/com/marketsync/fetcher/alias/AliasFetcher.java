package com.marketsync.fetcher.alias;

import com.marketsync.events.PriceSnapshot;
import com.marketsync.events.Provider;
import com.marketsync.events.SyncRequest;
import com.marketsync.fetcher.alias.AliasClient.PricedVariants;
import com.marketsync.fetcher.alias.AliasResponses.CatalogItem;
import com.marketsync.fetcher.alias.CatalogResolver.Resolution;
import com.marketsync.fetcher.core.FetchResult;
import com.marketsync.fetcher.core.ProviderCallException;
import com.marketsync.fetcher.core.ProviderCallException.Kind;
import com.marketsync.fetcher.core.ProviderCalls;
import com.marketsync.fetcher.core.ProviderFetcher;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers an Alias sync request: resolve the sku to a catalog item (exact style code only, remembered in memory), read
 * the availabilities of every variant in the request's region, and map each variant to a snapshot.
 *
 * <p>Every HTTP call spends one token from {@code calls} first (in {@link AliasClient}); a refused token propagates
 * to the fetch loop untouched. Nothing is retried here: unavailable and rate-limited results are the loop's to retry.
 */
@Component
class AliasFetcher implements ProviderFetcher {

    private static final Logger log = LoggerFactory.getLogger(AliasFetcher.class);
    private static final int OK = 200;

    private final AliasClient client;
    private final CatalogResolver resolver;
    private final AliasSnapshotMapper mapper;
    private final AliasProperties properties;
    private final Clock clock;

    AliasFetcher(
            AliasClient client,
            CatalogResolver resolver,
            AliasSnapshotMapper mapper,
            AliasProperties properties,
            Clock clock) {
        this.client = client;
        this.resolver = resolver;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Provider provider() {
        return Provider.ALIAS;
    }

    @Override
    public Optional<String> missingRegionMapping(String region) {
        return properties.missingMapping(region);
    }

    @Override
    public FetchResult fetch(SyncRequest request, ProviderCalls calls) {
        String regionId = properties.regionIdFor(request.getRegion());
        if (regionId == null) {
            return new FetchResult.Failed(
                    "no Alias region_id configured for region " + request.getRegion() + " (market.alias.regions)",
                    null);
        }
        if (CatalogResolver.normalise(request.getSku()).isEmpty()) {
            return new FetchResult.Failed("sku \"" + request.getSku() + "\" has no letters or digits to match", null);
        }
        try {
            CatalogItem remembered = resolver.remembered(request.getSku());
            if (remembered == null) {
                return resolveAndPrice(request, regionId, calls);
            }
            try {
                return prices(request, remembered, regionId, calls);
            } catch (ProviderCallException e) {
                if (e.kind() != Kind.NOT_FOUND) {
                    throw e;
                }
                // Catalog ids are meant to be stable, but one that 404s is stale: forget it and search once more.
                resolver.forget(request.getSku(), remembered.catalogId());
                log.info(
                        "Alias catalog item {} answered 404; re-resolving requestId={} sku={}",
                        remembered.catalogId(),
                        request.getRequestId(),
                        request.getSku());
                return resolveAndPrice(request, regionId, calls);
            }
        } catch (ProviderCallException e) {
            return e.toResult();
        }
    }

    private FetchResult resolveAndPrice(SyncRequest request, String regionId, ProviderCalls calls) {
        return switch (resolver.search(request.getSku(), calls)) {
            case Resolution.NoMatch noMatch -> new FetchResult.NotFound(noMatch.reason(), OK);
            case Resolution.Ambiguous ambiguous -> new FetchResult.MappingUnresolved(ambiguous.reason(), OK);
            case Resolution.Found found -> {
                try {
                    yield prices(request, found.item(), regionId, calls);
                } catch (ProviderCallException e) {
                    if (e.kind() == Kind.NOT_FOUND) {
                        resolver.forget(request.getSku(), found.item().catalogId());
                    }
                    throw e;
                }
            }
        };
    }

    private FetchResult prices(SyncRequest request, CatalogItem item, String regionId, ProviderCalls calls) {
        PricedVariants answer = client.availabilities(item.catalogId(), regionId, calls);
        List<PriceSnapshot> snapshots;
        try {
            snapshots = mapper.map(request, item, answer.variants(), clock.instant());
        } catch (ProviderCallException e) {
            log.warn(
                    "Alias availabilities of {} are unusable for requestId={} sku={} ({} {}): {}",
                    item.catalogId(),
                    request.getRequestId(),
                    request.getSku(),
                    AliasClient.REQUEST_ID,
                    answer.requestId(),
                    e.getMessage());
            throw new ProviderCallException(
                    Kind.MALFORMED,
                    OK,
                    null,
                    "malformed Alias availabilities of " + item.catalogId() + ": " + e.getMessage()
                            + (answer.requestId() == null
                                    ? ""
                                    : " [" + AliasClient.REQUEST_ID + " " + answer.requestId() + "]"),
                    e);
        }
        return new FetchResult.Succeeded(snapshots, item.catalogId(), OK);
    }
}
