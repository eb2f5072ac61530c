package com.marketsync.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.marketsync.events.Provider;
import com.marketsync.providers.ProvidersProperties.Budget;
import com.marketsync.providers.ProvidersProperties.Limits;
import com.marketsync.providers.ProvidersProperties.ProviderSettings;
import com.marketsync.providers.ProvidersProperties.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding of {@code market.providers.*}: documented defaults, overrides merged over them, validation, call arithmetic. */
class ProvidersPropertiesTest {

    @Test
    void nothingConfiguredGivesEveryProviderItsDocumentedDefaults() {
        ProvidersProperties providers = bind(Map.of());

        assertThat(providers.of(Provider.STOCKX))
                .isEqualTo(
                        new ProviderSettings(Provider.STOCKX, List.of("US"), new Limits(1, null, 25_000), 0.2, true));
        assertThat(providers.of(Provider.ALIAS))
                .isEqualTo(new ProviderSettings(
                        Provider.ALIAS, List.of("US", "EU", "GB"), new Limits(1, null, null), 0.2, false));
        assertThat(providers.of(Provider.EBAY))
                .isEqualTo(new ProviderSettings(
                        Provider.EBAY, List.of("US", "GB", "DE"), new Limits(2, null, 5_000), 0.2, false));
        assertThat(providers.all()).isEqualTo(ProvidersProperties.defaultsOnly().all());
        assertThat(providers.all()).containsOnlyKeys(Provider.values());
    }

    @Test
    void aPartialOverrideReplacesOnlyWhatItSetsAndOnlyForItsProvider() {
        ProvidersProperties providers = bind(Map.of(
                "market.providers.stockx.budget.per-second", "5",
                "market.providers.stockx.budget.per-day", "100000",
                "market.providers.alias.regions", "US,GB",
                "market.providers.ebay.budget.per-hour", "300",
                "market.providers.ebay.budget.priority-share", "0.5"));

        ProviderSettings stockx = providers.of(Provider.STOCKX);
        assertThat(stockx.regions()).containsExactly("US");
        assertThat(stockx.limits()).isEqualTo(new Limits(5, null, 100_000));
        assertThat(stockx.priorityShare()).isEqualTo(0.2);
        ProviderSettings alias = providers.of(Provider.ALIAS);
        assertThat(alias.regions()).containsExactly("US", "GB");
        assertThat(alias.limits()).isEqualTo(new Limits(1, null, null));
        ProviderSettings ebay = providers.of(Provider.EBAY);
        assertThat(ebay.regions()).containsExactly("US", "GB", "DE");
        assertThat(ebay.limits()).isEqualTo(new Limits(2, 300, 5_000));
        assertThat(ebay.priorityShare()).isEqualTo(0.5);
    }

    @Test
    void regionsKeepTheirConfiguredOrderAndCannotBeChangedAfterwards() {
        List<String> configured = Arrays.asList("GB", "US");
        ProvidersProperties providers = new ProvidersProperties(null, new Settings(configured, null), null);

        configured.set(0, "DE");

        assertThat(providers.of(Provider.ALIAS).regions()).containsExactly("GB", "US");
        assertThatThrownBy(() -> providers.of(Provider.ALIAS).regions().add("EU"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void zeroSwitchesADefaultLimitOff() {
        ProvidersProperties providers = bind(Map.of(
                "market.providers.stockx.budget.per-day", "0",
                "market.providers.ebay.budget.per-second", "0"));

        assertThat(providers.of(Provider.STOCKX).limits()).isEqualTo(new Limits(1, null, null));
        assertThat(providers.of(Provider.EBAY).limits()).isEqualTo(new Limits(null, null, 5_000));
    }

    @Test
    void invalidValuesStopBindingWithAMessageNamingTheProperty() {
        assertRejected("market.providers.stockx.budget.per-second", "-1", "market.providers.stockx.budget.per-second");
        assertRejected("market.providers.alias.budget.per-hour", "-5", "market.providers.alias.budget.per-hour");
        assertRejected("market.providers.ebay.budget.per-day", "-1", "market.providers.ebay.budget.per-day");
        assertRejected(
                "market.providers.ebay.budget.priority-share", "0.95", "market.providers.ebay.budget.priority-share");
        assertRejected(
                "market.providers.alias.budget.priority-share", "-0.1", "market.providers.alias.budget.priority-share");
        assertRejected("market.providers.alias.regions", "US,us", "market.providers.alias.regions");
        assertRejected("market.providers.ebay.regions", "US,GB,US", "market.providers.ebay.regions");
        assertRejected("market.providers.stockx.regions", "U", "market.providers.stockx.regions");
    }

    @Test
    void aProviderNeedsARegionAndALimit() {
        assertThatThrownBy(() -> new ProvidersProperties(null, null, new Settings(List.of(), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("market.providers.ebay.regions");
        assertThatThrownBy(() -> new ProvidersProperties(new Settings(null, new Budget(0, null, 0, null)), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("market.providers.stockx.budget");
        assertThatThrownBy(() -> new ProvidersProperties(null, new Settings(Arrays.asList("US", null), null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("market.providers.alias.regions");
        assertThatThrownBy(() ->
                        new ProvidersProperties(null, new Settings(null, new Budget(null, 10, null, Double.NaN)), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("market.providers.alias.budget.priority-share");
    }

    @Test
    void callsPerPeriodAreTheTightestLimitWithThePriorityShareLeftOut() {
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);

        // StockX: 1/s would allow 3,600 an hour; 80 % of 25,000 a day is 833.3 an hour.
        assertThat(new Limits(1, null, 25_000).callsPer(hour, 0.2)).isCloseTo(20_000 / 24.0, within(1e-9));
        assertThat(new Limits(1, null, 25_000).callsPer(Duration.ofSeconds(10), 0.2))
                .isCloseTo(20_000 / 8_640.0, within(1e-9));
        assertThat(new Limits(1, null, null).callsPer(hour, 0.2)).isEqualTo(3_600);
        assertThat(new Limits(2, null, 5_000).callsPer(day, 0.2)).isCloseTo(4_000, within(1e-9));
        assertThat(new Limits(5, 100, null).callsPer(hour, 0.25)).isCloseTo(75, within(1e-9));
        assertThat(new Limits(5, 100, null).callsPer(Duration.ofMillis(500), 0)).isCloseTo(100 / 7_200.0, within(1e-9));
    }

    @Test
    void backgroundCallsAddUpOverRegionsOnlyWhereEachRegionHasACredential() {
        ProvidersProperties providers = bind(Map.of(
                "market.providers.stockx.regions", "US,GB,DE",
                "market.providers.alias.regions", "US,EU,GB"));
        Duration day = Duration.ofDays(1);

        // StockX: an account per market, each with 80 % of 25,000 a day for the background lane.
        assertThat(providers.of(Provider.STOCKX).backgroundCallsPer(day)).isCloseTo(3 * 20_000, within(1e-6));
        // Alias: one token for every region, limited by its 1 call/s.
        assertThat(providers.of(Provider.ALIAS).backgroundCallsPer(day)).isCloseTo(86_400, within(1e-6));
        assertThat(providers.of(Provider.EBAY).backgroundCallsPer(day)).isCloseTo(4_000, within(1e-6));
    }

    private static void assertRejected(String property, String value, String named) {
        assertThatThrownBy(() -> bind(Map.of(property, value)))
                .as("%s=%s", property, value)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessageContaining(named);
    }

    private static ProvidersProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("market.providers", ProvidersProperties.class);
    }
}
