package com.marketsync.providers;

import com.marketsync.events.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one source of each provider's regions and budget, read by the planner (what to ask for, how much) and by the
 * provider's fetcher (what it serves, what it enforces). Anything left unset falls back to the provider's documented
 * defaults ({@link #defaults(Provider)}, from PROVIDERS.md); invalid values stop the service at startup.
 *
 * <p>Properties: {@code market.providers.<stockx|alias|ebay>.regions}, {@code .budget.per-second},
 * {@code .budget.per-hour}, {@code .budget.per-day}, {@code .budget.priority-share}.
 *
 * @param stockx StockX settings
 * @param alias Alias settings
 * @param ebay eBay settings
 */
@ConfigurationProperties("market.providers")
public record ProvidersProperties(Settings stockx, Settings alias, Settings ebay) {

    private static final Pattern REGION = Pattern.compile("[A-Z]{2,6}");

    public ProvidersProperties {
        for (Provider provider : Provider.values()) {
            // resolves (and so validates) each provider's settings once, at binding time
            resolve(provider, settingsOf(provider, stockx, alias, ebay));
        }
    }

    /** Nothing configured: every provider with its documented defaults. */
    public static ProvidersProperties defaultsOnly() {
        return new ProvidersProperties(null, null, null);
    }

    /** The effective settings of one provider: its configured values over its defaults. */
    public ProviderSettings of(Provider provider) {
        return resolve(provider, settingsOf(provider, stockx, alias, ebay));
    }

    /** The effective settings of every provider. */
    public Map<Provider, ProviderSettings> all() {
        Map<Provider, ProviderSettings> all = new EnumMap<>(Provider.class);
        for (Provider provider : Provider.values()) {
            all.put(provider, of(provider));
        }
        return all;
    }

    /**
     * A provider's documented defaults (PROVIDERS.md): StockX 1 call/s and 25,000/day per account, one account per
     * market (US by default); Alias publishes no limit, 1 call/s per token, regions US, EU and GB; eBay 5,000 Browse
     * calls a day, 2/s as our own politeness, sites US, GB and DE. 20 % of each hourly and daily limit is kept for
     * the priority lane.
     */
    public static ProviderSettings defaults(Provider provider) {
        return switch (provider) {
            case STOCKX -> new ProviderSettings(provider, List.of("US"), new Limits(1, null, 25_000), 0.2, true);
            case ALIAS ->
                new ProviderSettings(provider, List.of("US", "EU", "GB"), new Limits(1, null, null), 0.2, false);
            case EBAY ->
                new ProviderSettings(provider, List.of("US", "GB", "DE"), new Limits(2, null, 5_000), 0.2, false);
        };
    }

    private static Settings settingsOf(Provider provider, Settings stockx, Settings alias, Settings ebay) {
        return switch (provider) {
            case STOCKX -> stockx;
            case ALIAS -> alias;
            case EBAY -> ebay;
        };
    }

    private static ProviderSettings resolve(Provider provider, Settings configured) {
        ProviderSettings defaults = defaults(provider);
        if (configured == null) {
            return defaults;
        }
        String prefix = "market.providers." + provider.name().toLowerCase(Locale.ROOT);
        List<String> regions = configured.regions() == null ? defaults.regions() : configured.regions();
        if (regions.isEmpty()) {
            throw new IllegalArgumentException(prefix + ".regions must name at least one region");
        }
        List<String> seen = new ArrayList<>();
        for (String region : regions) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException(
                        prefix + ".regions: '" + region + "' is not a region code (2-6 capital letters, e.g. US, EU)");
            }
            if (seen.contains(region)) {
                throw new IllegalArgumentException(prefix + ".regions names " + region + " twice");
            }
            seen.add(region);
        }
        regions = List.copyOf(regions);
        Budget budget = configured.budget() == null ? new Budget(null, null, null, null) : configured.budget();
        Limits limits = new Limits(
                positive(
                        prefix + ".budget.per-second",
                        budget.perSecond(),
                        defaults.limits().perSecond()),
                positive(
                        prefix + ".budget.per-hour",
                        budget.perHour(),
                        defaults.limits().perHour()),
                positive(
                        prefix + ".budget.per-day",
                        budget.perDay(),
                        defaults.limits().perDay()));
        if (limits.perSecond() == null && limits.perHour() == null && limits.perDay() == null) {
            throw new IllegalArgumentException(prefix + ".budget needs at least one limit");
        }
        double share = budget.priorityShare() == null ? defaults.priorityShare() : budget.priorityShare();
        if (!(share >= 0 && share <= 0.9)) {
            throw new IllegalArgumentException(prefix + ".budget.priority-share must be between 0 and 0.9");
        }
        return new ProviderSettings(provider, regions, limits, share, defaults.budgetPerRegion());
    }

    /** A limit: the configured one (0 switches a default limit off), else the default. */
    private static Integer positive(String name, Integer configured, Integer fallback) {
        if (configured == null) {
            return fallback;
        }
        if (configured < 0) {
            throw new IllegalArgumentException(name + " must not be negative (0 switches the limit off)");
        }
        return configured == 0 ? null : configured;
    }

    /**
     * What may be configured for one provider; anything left empty takes the provider's default.
     *
     * @param regions our region codes to sync (e.g. US, EU, GB, DE); each fetcher maps them to its provider's market
     * @param budget the provider's limits, per credential
     */
    public record Settings(List<String> regions, Budget budget) {

        public Settings {
            // a copy that may still hold nulls, so that resolving can name the property they came from
            regions = regions == null ? null : Collections.unmodifiableList(new ArrayList<>(regions));
        }
    }

    /**
     * Configured limits; empty ones take the default, 0 switches a default limit off.
     *
     * @param perSecond calls in any one-second window
     * @param perHour calls in any one-hour window
     * @param perDay calls in any 24-hour window
     * @param priorityShare share of each hourly and daily limit only the priority lane may use
     */
    public record Budget(Integer perSecond, Integer perHour, Integer perDay, Double priorityShare) {}

    /**
     * Call limits of one credential; a null limit does not apply.
     *
     * @param perSecond calls in any one-second window
     * @param perHour calls in any one-hour window
     * @param perDay calls in any 24-hour window
     */
    public record Limits(Integer perSecond, Integer perHour, Integer perDay) {

        /** Most calls these limits allow over {@code period} at a steady pace, the priority share left out. */
        public double callsPer(Duration period, double priorityShare) {
            double seconds = period.toMillis() / 1000.0;
            double most = Double.MAX_VALUE;
            if (perSecond != null) {
                most = Math.min(most, perSecond * seconds);
            }
            if (perHour != null) {
                most = Math.min(most, perHour * (1 - priorityShare) * seconds / 3600.0);
            }
            if (perDay != null) {
                most = Math.min(most, perDay * (1 - priorityShare) * seconds / 86_400.0);
            }
            return most;
        }
    }

    /**
     * A provider's effective settings.
     *
     * @param provider the provider
     * @param regions regions to sync, in configured order
     * @param limits limits of each credential
     * @param priorityShare share of each hourly and daily limit kept for the priority lane
     * @param budgetPerRegion whether each region has its own credential and so its own budget (StockX: one account
     *     per market); otherwise one credential serves every region
     */
    public record ProviderSettings(
            Provider provider, List<String> regions, Limits limits, double priorityShare, boolean budgetPerRegion) {

        /** Calls the background (normal) lane may make over {@code period}, summed over credentials. */
        public double backgroundCallsPer(Duration period) {
            int credentials = budgetPerRegion ? regions.size() : 1;
            return limits.callsPer(period, priorityShare) * credentials;
        }
    }
}
