package com.marketsync.fetcher.alias;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.events.Provider;
import com.marketsync.providers.ProvidersProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class AliasPropertiesTest {

    private static final Bindable<AliasProperties> ALIAS = Bindable.of(AliasProperties.class);

    @Test
    void defaultsReachTheSimulatorWithTheDocumentedRegionIds() {
        AliasProperties properties = bind(Map.of("market.alias.pat", "a-pat"));

        assertThat(properties.baseUrl()).isEqualTo(URI.create("http://localhost:8090/alias/api/v1"));
        assertThat(properties.pat()).isEqualTo("a-pat");
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.searchMaxPages()).isEqualTo(3);
        assertThat(properties.catalogCacheSize()).isEqualTo(10_000);
        assertThat(properties.regionIdFor("US")).isEqualTo("1");
        assertThat(properties.regionIdFor("EU")).isEqualTo("2");
        assertThat(properties.regionIdFor("GB")).isEqualTo("3");
        assertThat(properties.regionIdFor("GLOBAL")).isEmpty();
        assertThat(properties.regionIdFor("gb")).isEqualTo("3");
        assertThat(properties.regionIdFor("JP")).isNull();
        assertThat(properties.regionIdFor(null)).isNull();
    }

    @Test
    void bindsTheShippedApplicationYaml() throws IOException {
        PropertySource<?> yaml = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .getFirst();
        AliasProperties properties = new Binder(ConfigurationPropertySources.from(yaml))
                .bind("market.alias", ALIAS)
                .get();

        assertThat(properties.baseUrl()).isEqualTo(URI.create("http://localhost:8090/alias/api/v1"));
        assertThat(properties.pat()).isEqualTo("demo-alias-pat");
        assertThat(properties.regions()).containsExactlyInAnyOrderEntriesOf(AliasProperties.DEFAULT_REGIONS);
        assertThat(yaml.getProperty("server.port")).isEqualTo(8084);
        assertThat(yaml.getProperty("spring.kafka.consumer.group-id")).isEqualTo("alias-fetcher");
        assertThat(yaml.getProperty("market.fetcher.schema")).isEqualTo("alias_fetcher");
        assertThat(yaml.getProperty("market.fetcher.budget.per-second")).isNull();
        assertThat(validate(properties)).isEmpty();
        // Every region the planner asks for by default has a region id.
        assertThat(ProvidersProperties.defaults(Provider.ALIAS).regions())
                .isNotEmpty()
                .allSatisfy(
                        region -> assertThat(properties.missingMapping(region)).isEmpty());
    }

    @Test
    void namesThePropertyToSetForARegionWithoutId() {
        AliasProperties properties = bind(Map.of("market.alias.pat", "p", "market.alias.regions.US", "1"));

        assertThat(properties.missingMapping("US")).isEmpty();
        assertThat(properties.missingMapping("EU")).hasValueSatisfying(missing -> assertThat(missing)
                .startsWith("no Alias region id for EU")
                .contains("set market.alias.regions.EU"));
    }

    @Test
    void configuredRegionsReplaceTheDefaultsAndMayChooseTheGlobalMarket() {
        AliasProperties properties =
                bind(Map.of("market.alias.pat", "p", "market.alias.regions.US", "", "market.alias.regions.AU", "4"));

        assertThat(properties.regionIdFor("US")).isEmpty();
        assertThat(properties.regionIdFor("AU")).isEqualTo("4");
        assertThat(properties.regionIdFor("EU")).isNull();
    }

    @Test
    void rejectsAMissingTokenAndNonNumericRegionIds() {
        AliasProperties properties = bind(Map.of(
                "market.alias.pat", " ", "market.alias.regions.US", "us-east", "market.alias.search-max-pages", "0"));

        assertThat(validate(properties))
                .extracting(violation -> violation.getPropertyPath().toString())
                .anySatisfy(path -> assertThat(path).isEqualTo("pat"))
                .anySatisfy(path -> assertThat(path).startsWith("regions"))
                .anySatisfy(path -> assertThat(path).isEqualTo("searchMaxPages"));
    }

    @Test
    void neverPrintsTheToken() {
        assertThat(bind(Map.of("market.alias.pat", "secret-pat-123")).toString())
                .doesNotContain("secret-pat-123")
                .contains("<hidden>");
    }

    private static AliasProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("market.alias", ALIAS);
    }

    private static Set<ConstraintViolation<AliasProperties>> validate(AliasProperties properties) {
        try (var factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            return validator.validate(properties);
        }
    }
}
