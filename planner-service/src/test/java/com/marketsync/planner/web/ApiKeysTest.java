package com.marketsync.planner.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketsync.apikeys.ApiKeyDigests;
import com.marketsync.planner.web.ApiProperties.Key;
import com.marketsync.planner.web.ApiProperties.ManualRate;
import com.marketsync.planner.web.ApiProperties.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Key configuration and recognition: only hashes are configured, and a bad one stops the planner from starting. */
class ApiKeysTest {

    /** {@code printf %s secret | sha256sum} */
    private static final String SECRET_HASH = "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b";

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @EnableConfigurationProperties(ApiProperties.class)
    static class Config {}

    @Test
    void recognisesAConfiguredKeyByItsHashAndNothingElse() {
        ApiKeys keys = new ApiKeys(new ApiProperties(
                Map.of(
                        "ops",
                        new Key(SECRET_HASH, Role.WRITE),
                        "dash",
                        new Key(ApiKeyDigests.sha256Hex("other"), Role.READ)),
                new ManualRate(30, 10)));

        assertThat(keys.authenticate("secret")).hasValue(new ApiKeys.ApiKey("ops", Role.WRITE));
        assertThat(keys.authenticate("other")).hasValue(new ApiKeys.ApiKey("dash", Role.READ));
        assertThat(keys.authenticate("Secret")).isEmpty();
        assertThat(keys.authenticate(SECRET_HASH))
                .as("the hash itself is no key")
                .isEmpty();
    }

    @Test
    void bindsKeysAndTheDefaultRate() {
        context.withPropertyValues(
                        "market.planner.api.keys.ops.hash=" + SECRET_HASH, "market.planner.api.keys.ops.role=write")
                .run(started -> {
                    ApiProperties properties = started.getBean(ApiProperties.class);
                    assertThat(properties.keys()).containsEntry("ops", new Key(SECRET_HASH, Role.WRITE));
                    assertThat(properties.manualRate()).isEqualTo(new ManualRate(30, 10));
                });
    }

    @Test
    void aHashThatIsNotLowercaseHexSha256StopsStartupNamingTheProperty() {
        context.withPropertyValues(
                        "market.planner.api.keys.ops.hash=" + SECRET_HASH.toUpperCase(),
                        "market.planner.api.keys.ops.role=WRITE")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(messages(started.getStartupFailure()))
                            .contains("market.planner.api")
                            .contains("keys[ops].hash")
                            .contains("lowercase hex SHA-256");
                });
    }

    @Test
    void anUnknownRoleOrAMissingHashStopsStartupNamingTheProperty() {
        context.withPropertyValues(
                        "market.planner.api.keys.ops.hash=" + SECRET_HASH, "market.planner.api.keys.ops.role=ADMIN")
                .run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(messages(started.getStartupFailure())).contains("market.planner.api.keys.ops.role");
                });
        context.withPropertyValues("market.planner.api.keys.ops.role=WRITE").run(started -> {
            assertThat(started).hasFailed();
            assertThat(messages(started.getStartupFailure())).contains("keys[ops].hash");
        });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
