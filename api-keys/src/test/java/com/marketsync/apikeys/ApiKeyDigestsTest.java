package com.marketsync.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyDigestsTest {

    @Test
    void hashesAsSha256InLowercaseHexOfTheUtf8Bytes() {
        assertThat(ApiKeyDigests.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        // the two UTF-8 bytes c3 a9, not the one ISO-8859-1 byte e9
        assertThat(ApiKeyDigests.sha256Hex("é"))
                .isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    }

    @Test
    void findsWhichConfiguredKeyWasPresentedAndNothingElse() {
        ApiKeyDigests<String> keys = new ApiKeyDigests<>(Map.of(
                "operator", ApiKeyDigests.sha256Hex("secret-one"),
                "backfill", ApiKeyDigests.sha256Hex("secret-two")));

        assertThat(keys.match("secret-one")).hasValue("operator");
        assertThat(keys.match("secret-two")).hasValue("backfill");
        assertThat(keys.match("secret-three")).isEmpty();
        assertThat(keys.match(ApiKeyDigests.sha256Hex("secret-one")))
                .as("the digest is not the key")
                .isEmpty();
        assertThat(keys.isEmpty()).isFalse();
    }

    @Test
    void refusesEveryKeyWhenNoneIsConfigured() {
        ApiKeyDigests<String> none = new ApiKeyDigests<>(Map.of());

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.match("anything")).isEmpty();
    }
}
