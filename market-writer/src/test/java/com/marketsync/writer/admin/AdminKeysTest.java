package com.marketsync.writer.admin;

import static com.marketsync.apikeys.ApiKeyDigests.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminKeysTest {

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
}
