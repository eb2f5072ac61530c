package com.marketsync.writer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminKeysTest {

    @Test
    void hashesAsSha256InLowercaseHex() {
        assertThat(AdminKeys.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void recognisesAConfiguredKeyByItsHashAndNothingElse() {
        AdminKeys keys = new AdminKeys(new AdminProperties(Map.of(
                "operator", new AdminProperties.Key(AdminKeys.sha256Hex("secret-one")),
                "backfill", new AdminProperties.Key(AdminKeys.sha256Hex("secret-two")))));

        assertThat(keys.authenticate("secret-one")).hasValue("operator");
        assertThat(keys.authenticate("secret-two")).hasValue("backfill");
        assertThat(keys.authenticate("secret-three")).isEmpty();
        assertThat(keys.authenticate(AdminKeys.sha256Hex("secret-one")))
                .as("the hash is not the key")
                .isEmpty();
    }

    @Test
    void refusesEveryKeyWhenNoneIsConfigured() {
        assertThat(new AdminKeys(new AdminProperties(null)).authenticate("anything"))
                .isEmpty();
    }
}
