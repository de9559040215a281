package dev.signport.connector.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.connector.core.resilience.VendorUnreachable;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.contracts.envelope.FailureCode;
import org.junit.jupiter.api.Test;

/** How failures are reported on provider.failed. */
class FailureTest {

    @Test
    void aRefusalIsNotRetryableAndCarriesTheVendorsWords() {
        Failure f = Failure.of("certyneo", new VendorException("create-envelope", 422, "validation_error",
                "subject is required", null)).orElseThrow();
        assertFalse(f.retryable());
        assertEquals(FailureCode.PROVIDER_REJECTED, f.code());
        assertEquals("subject is required", f.reason());
        assertEquals("validation_error", f.vendorCode());
        assertEquals(FailureCode.PROVIDER_UNAUTHORIZED,
                Failure.of("x", new VendorException("op", 401, null, null, null)).orElseThrow().code());
        assertEquals(FailureCode.QUOTA_EXHAUSTED,
                Failure.of("x", new VendorException("op", 402, null, null, null)).orElseThrow().code());
    }

    @Test
    void exhaustedRetriesAreRetryable() {
        Failure throttled = Failure.of("x", new VendorException("op", 429, null, null, null)).orElseThrow();
        assertTrue(throttled.retryable());
        assertEquals(FailureCode.RATE_LIMITED, throttled.code());
        Failure down = Failure.of("x", new VendorUnreachable("x", "op", VendorUnreachable.Kind.TIMEOUT, null)).orElseThrow();
        assertTrue(down.retryable());
        assertEquals(FailureCode.PROVIDER_UNAVAILABLE, down.code());
    }

    @Test
    void anythingElseIsLeftToTheConsumersRetries() {
        assertTrue(Failure.of("x", new IllegalStateException("database blip")).isEmpty());
    }
}
