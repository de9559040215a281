package dev.signport.connector.core.resilience;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.connector.core.spi.VendorException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Only network errors, timeouts, 5xx, 408 and 429 are retried; only outages count against the breaker. */
class VendorErrorsTest {

    @Test
    void retriesTransientFailuresOnly() {
        for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
            assertTrue(VendorErrors.isRetryable(new VendorException("op", status, null, null, null)), "HTTP " + status);
        }
        for (int status : new int[] {400, 401, 402, 403, 404, 409, 413, 422}) {
            assertFalse(VendorErrors.isRetryable(new VendorException("op", status, null, null, null)), "HTTP " + status);
        }
        assertTrue(VendorErrors.isRetryable(new ConnectException("refused")));
        assertTrue(VendorErrors.isRetryable(new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException()));
        assertFalse(VendorErrors.isRetryable(new IllegalStateException("a bug")));
    }

    @Test
    void throttlingAndRefusalsDoNotOpenTheBreaker() {
        assertTrue(VendorErrors.isVendorDown(new VendorException("op", 503, null, null, null)));
        assertFalse(VendorErrors.isVendorDown(new VendorException("op", 429, null, null, null)));
        assertFalse(VendorErrors.isVendorDown(new VendorException("op", 422, null, null, null)));
    }
}
