package com.marketsync.writer.admin;

import static com.marketsync.apikeys.ApiKeyDigests.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

class AdminKeysTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @EnableConfigurationProperties(AdminProperties.class)
    static class Config {}

    @Test
    void recognisesAConfiguredKeyByItsHashAndNothingElse() {
        AdminKeys keys = new AdminKeys(new AdminProperties(Map.of(
                "operator", new AdminProperties.Key(sha256Hex("secret-one")),
                "backfill", new AdminProperties.Key(sha256Hex("secret-two")))));

        assertThat(keys.authenticate("secret-one")).hasValue("operator");
        assertThat(keys.authenticate("secret-two")).hasValue("backfill");
        assertThat(keys.authenticate("secret-three")).isEmpty();
    }

    @Test
    void refusesEveryKeyWhenNoneIsConfigured() {
        assertThat(new AdminKeys(new AdminProperties(null)).authenticate("anything"))
                .isEmpty();
    }

    @Test
    void bindsKeysByName() {
        context.withPropertyValues("market.writer.admin.keys.operator.hash=" + sha256Hex("secret"))
                .run(started -> assertThat(
                                started.getBean(AdminProperties.class).keys())
                        .containsEntry("operator", new AdminProperties.Key(sha256Hex("secret"))));
    }

    @Test
    void aHashThatIsNotLowercaseHexSha256StopsStartupNamingTheProperty() {
        for (String hash : new String[] {sha256Hex("secret").toUpperCase(), "secret"}) {
            context.withPropertyValues("market.writer.admin.keys.operator.hash=" + hash)
                    .run(started -> {
                        assertThat(started).hasFailed();
                        assertThat(messages(started.getStartupFailure()))
                                .contains("market.writer.admin")
                                .contains("keys[operator].hash")
                                .contains("lowercase hex SHA-256");
                    });
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
