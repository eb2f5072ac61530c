package com.marketsync.fetcher.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Provider;
import com.marketsync.fetcher.ebay.EbayProperties.Marketplace;
import com.marketsync.providers.ProvidersProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** Binding and validation of {@code market.ebay.*}, with defaults and with the shipped application.yml. */
class EbayPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void defaultsReachTheSimulatorAndMaySearchTheMensWomensAndGradeSchoolCategories() {
        context.withPropertyValues("market.ebay.client-id=id", "market.ebay.client-secret=secret")
                .run(started -> {
                    EbayProperties properties = started.getBean(EbayProperties.class);
                    assertThat(properties.baseUrl()).isEqualTo(URI.create("http://localhost:8090/ebay/buy/browse/v1"));
                    assertThat(properties.tokenUrl())
                            .isEqualTo(URI.create("http://localhost:8090/ebay/identity/v1/oauth2/token"));
                    assertThat(properties.scope()).isEqualTo("https://api.ebay.com/oauth/api_scope");
                    assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(properties.categoryIds()).containsExactly("15709", "95672", "57929");
                    assertThat(properties.searchOrder(null)).containsExactly("15709", "95672", "57929");
                    // Where a sku was found last is searched first.
                    assertThat(properties.searchOrder("95672")).containsExactly("95672", "15709", "57929");
                    assertThat(properties.searchOrder("12345")).containsExactly("15709", "95672", "57929");
                    assertThat(properties.pageLimit()).isEqualTo(200);
                    assertThat(properties.marketplaceFor("US")).isEqualTo(new Marketplace("EBAY_US", "USD"));
                    assertThat(properties.marketplaceFor("gb")).isEqualTo(new Marketplace("EBAY_GB", "GBP"));
                    assertThat(properties.marketplaceFor("DE")).isEqualTo(new Marketplace("EBAY_DE", "EUR"));
                    assertThat(properties.marketplaceFor("FR")).isNull();
                });
    }

    @Test
    void bindsTheApplicationYml() {
        context.withInitializer(
                        started -> started.getEnvironment().getPropertySources().addFirst(applicationYml()))
                .run(started -> {
                    EbayProperties properties = started.getBean(EbayProperties.class);
                    assertThat(properties.clientId()).isEqualTo("demo-ebay-client");
                    assertThat(properties.clientSecret()).isEqualTo("demo-ebay-secret");
                    assertThat(properties.searchOrder(null)).containsExactly("15709", "95672", "57929");
                    assertThat(properties.regions())
                            .containsOnlyKeys("US", "GB", "DE")
                            .containsEntry("GB", new Marketplace("EBAY_GB", "GBP"));
                    assertThat(started.getEnvironment().getProperty("market.fetcher.budget.per-day"))
                            .isNull();
                    // Every region the planner asks for by default has a marketplace.
                    assertThat(ProvidersProperties.defaults(Provider.EBAY).regions())
                            .isNotEmpty()
                            .allSatisfy(region -> assertThat(properties.missingMapping(region))
                                    .isEmpty());
                    assertThat(started.getEnvironment().getProperty("server.port"))
                            .isEqualTo("8085");
                });
    }

    @Test
    void configuredRegionsReplaceTheDefaults() {
        context.withPropertyValues(
                        "market.ebay.client-id=id",
                        "market.ebay.client-secret=secret",
                        "market.ebay.regions.FR.marketplace-id=EBAY_FR",
                        "market.ebay.regions.FR.currency=eur",
                        "market.ebay.searches-per-request=2")
                .run(started -> {
                    EbayProperties properties = started.getBean(EbayProperties.class);
                    assertThat(properties.marketplaceFor("fr")).isEqualTo(new Marketplace("EBAY_FR", "EUR"));
                    assertThat(properties.marketplaceFor("US")).isNull();
                    assertThat(properties.searchOrder(null)).isEqualTo(List.of("15709", "95672"));
                    assertThat(properties.searchOrder("57929")).isEqualTo(List.of("57929", "15709"));
                });
    }

    @Test
    void namesThePropertiesToSetForARegionWithoutMarketplace() {
        context.withPropertyValues(
                        "market.ebay.client-id=id",
                        "market.ebay.client-secret=secret",
                        "market.ebay.regions.US.marketplace-id=EBAY_US",
                        "market.ebay.regions.US.currency=USD")
                .run(started -> {
                    EbayProperties properties = started.getBean(EbayProperties.class);
                    assertThat(properties.missingMapping("us")).isEmpty();
                    assertThat(properties.missingMapping("GB")).hasValueSatisfying(missing -> assertThat(missing)
                            .startsWith("no eBay marketplace for GB")
                            .contains("set market.ebay.regions.GB.marketplace-id and .currency"));
                });
    }

    @Test
    void rejectsMissingCredentialsAndInvalidValues() {
        context.run(started -> assertThat(started).hasFailed());
        assertRejected("market.ebay.page-limit=201");
        assertRejected("market.ebay.searches-per-request=4");
        assertRejected("market.ebay.searches-per-request=0");
        assertRejected("market.ebay.category-ids=15709,shoes");
        assertRejected("market.ebay.regions.US.marketplace-id=ebay_us", "market.ebay.regions.US.currency=USD");
        assertRejected("market.ebay.regions.US.marketplace-id=EBAY_US", "market.ebay.regions.US.currency=DOLLAR");
    }

    private void assertRejected(String... values) {
        context.withPropertyValues("market.ebay.client-id=id", "market.ebay.client-secret=secret")
                .withPropertyValues(values)
                .run(started ->
                        assertThat(started).as(String.join(", ", values)).hasFailed());
    }

    private static PropertySource<?> applicationYml() {
        try {
            return new YamlPropertySourceLoader()
                    .load("application.yml", new ClassPathResource("application.yml"))
                    .getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EbayProperties.class)
    static class Bind {}
}
