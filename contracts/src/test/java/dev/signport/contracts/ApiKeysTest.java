package dev.signport.contracts;

import dev.signport.contracts.apikey.ApiKeys;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiKeysTest {

    @Test
    void sha256HexMatchesCoreutils() {
        // printf 'sk_test_abc' | sha256sum
        assertEquals("4b4090ccee1e713c3d411b96a4226b90bd0f0deb34e02d19475a951316fd04ee",
                ApiKeys.sha256Hex("sk_test_abc"));
        // printf 'sk_live_xyz' | sha256sum
        assertEquals("e9fcc37585866072ef2dc39e7aba5d07b3953a44d4f10ddc3ea56d6c03225bb3",
                ApiKeys.sha256Hex("sk_live_xyz"));
        assertEquals(Samples.API_KEY.keyHash(), ApiKeys.sha256Hex("sk_test_abc"));
    }

    @Test
    void modeComesFromThePrefix() {
        assertEquals(Optional.of(Mode.TEST), ApiKeys.modeOf("sk_test_abc"));
        assertEquals(Optional.of(Mode.LIVE), ApiKeys.modeOf("sk_live_xyz"));
        assertEquals(Optional.empty(), ApiKeys.modeOf("sk_test_"));
        assertEquals(Optional.empty(), ApiKeys.modeOf("SK_TEST_abc"));
        assertEquals(Optional.empty(), ApiKeys.modeOf("pk_test_abc"));
        assertEquals(Optional.empty(), ApiKeys.modeOf("whsec_abc"));
        assertEquals(Optional.empty(), ApiKeys.modeOf(""));
        assertEquals(Optional.empty(), ApiKeys.modeOf(null));
    }
}
