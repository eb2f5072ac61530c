package com.marketsync.fetcher.core;

import com.marketsync.events.Provider;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import java.util.List;
import java.util.Locale;

/**
 * The regions this fetcher serves: its provider's {@code market.providers.<provider>.regions}, the ones the planner
 * asks for, each checked at startup to have a mapping to the provider's market.
 *
 * @param provider the fetcher's provider
 * @param regions the regions, in configured order
 */
record ServedRegions(Provider provider, List<String> regions) {

    ServedRegions {
        regions = List.copyOf(regions);
    }

    /**
     * The provider's regions, if the fetcher maps every one of them.
     *
     * @throws IllegalStateException naming each unmapped region and the property to set
     */
    static ServedRegions check(ProviderSettings settings, ProviderFetcher fetcher) {
        String property = "market.providers." + settings.provider().name().toLowerCase(Locale.ROOT) + ".regions";
        List<String> missing = settings.regions().stream()
                .flatMap(region -> fetcher.missingRegionMapping(region).stream())
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(property + " " + settings.regions() + " lists regions this "
                    + settings.provider() + " fetcher cannot serve: " + String.join("; ", missing)
                    + ". Map each such region, or remove it from " + property + ".");
        }
        return new ServedRegions(settings.provider(), settings.regions());
    }
}
