package com.marketsync.fetcher.alias;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach the Alias v1 API: base URL, personal access token, timeouts, search bounds and the Alias region id of
 * each of our region codes.
 *
 * @param baseUrl API root including the version, e.g. {@code https://api.alias.org/api/v1}
 * @param pat personal access token sent as {@code Authorization: Bearer}; Alias never expires or refreshes it
 * @param connectTimeout TCP connect timeout
 * @param readTimeout response timeout; integrators saw 20-45 s to first byte during slow spells
 * @param searchMaxPages catalog search pages read at most when the first page has no exact sku match
 * @param catalogCacheSize how many sku to catalog-id mappings are remembered in memory
 * @param regions our region code (case-insensitive) to Alias {@code region_id}; an empty id means global
 */
@ConfigurationProperties("market.alias")
@Validated
record AliasProperties(
        @DefaultValue("http://localhost:8090/alias/api/v1") @NotNull
        URI baseUrl,

        @NotBlank String pat,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration readTimeout,
        @DefaultValue("3") @Min(1) @Max(20) int searchMaxPages,
        @DefaultValue("10000") @Min(1) int catalogCacheSize,
        Map<String, @NotNull @Pattern(regexp = "\\d*") String> regions) {

    /** The region ids PROVIDERS.md §2.4 found consistent across sources, plus the global market. */
    static final Map<String, String> DEFAULT_REGIONS = Map.of("US", "1", "EU", "2", "GB", "3", "GLOBAL", "");

    AliasProperties {
        Map<String, String> ids = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ids.putAll(regions == null || regions.isEmpty() ? DEFAULT_REGIONS : regions);
        regions = ids;
    }

    /** The Alias region id for one of our region codes ({@code ""} for global), or null if none is configured. */
    String regionIdFor(String region) {
        return region == null ? null : regions.get(region.trim());
    }

    /**
     * Why a region of {@code market.providers.alias.regions} cannot be served (no Alias region id configured),
     * naming the property to set; empty if it has an id.
     */
    Optional<String> missingMapping(String region) {
        if (regionIdFor(region) != null) {
            return Optional.empty();
        }
        return Optional.of("no Alias region id for " + region + ": set market.alias.regions." + region
                + " to its Alias region_id (1 US, 2 EU, 3 GB; empty for the global market)");
    }

    /** Keeps the token out of logs and failure reports. */
    @Override
    public String toString() {
        return "AliasProperties[baseUrl=" + baseUrl + ", pat=" + (pat == null || pat.isEmpty() ? "<none>" : "<hidden>")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", searchMaxPages="
                + searchMaxPages + ", catalogCacheSize=" + catalogCacheSize + ", regions=" + regions + "]";
    }
}
