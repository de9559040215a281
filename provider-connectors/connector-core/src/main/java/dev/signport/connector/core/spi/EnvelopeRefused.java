package dev.signport.connector.core.spi;

import dev.signport.contracts.envelope.FailureCode;

/**
 * An adapter's own non-retryable verdict on an envelope (unsupported by the vendor, quota used up),
 * reported as {@code provider.failed{retryable=false}} with this code and reason.
 */
public class EnvelopeRefused extends RuntimeException {

    private final FailureCode code;
    private final String vendorCode;

    public EnvelopeRefused(FailureCode code, String reason, String vendorCode) {
        super(reason, null, false, false);
        this.code = code;
        this.vendorCode = vendorCode;
    }

    public FailureCode code() {
        return code;
    }

    public String vendorCode() {
        return vendorCode;
    }
}
