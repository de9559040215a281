package dev.signport.connector.core.spi;

import java.time.Duration;

/**
 * A vendor answered with an error status. Whether it is retried is decided by the status alone
 * ({@link #retryable}): 5xx, 408 and 429 are transient, every other 4xx is the vendor refusing the
 * request and is reported at once as a non-retryable failure with the vendor's own message.
 *
 * @param vendorCode    the vendor's error code or label, or null
 * @param vendorMessage the vendor's error message (never contains our credentials), or null
 * @param retryAfter    the vendor's {@code Retry-After}, or null
 */
public class VendorException extends RuntimeException {

    private final String operation;
    private final int status;
    private final String vendorCode;
    private final String vendorMessage;
    private final Duration retryAfter;

    public VendorException(String operation, int status, String vendorCode, String vendorMessage, Duration retryAfter) {
        super(operation + ": HTTP " + status + (vendorCode == null ? "" : " " + vendorCode)
                + (vendorMessage == null ? "" : " " + vendorMessage), null, false, false);
        this.operation = operation;
        this.status = status;
        this.vendorCode = vendorCode;
        this.vendorMessage = vendorMessage;
        this.retryAfter = retryAfter;
    }

    public String operation() {
        return operation;
    }

    public int status() {
        return status;
    }

    public String vendorCode() {
        return vendorCode;
    }

    public String vendorMessage() {
        return vendorMessage;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** 5xx, 408 Request Timeout and 429 Too Many Requests: worth another attempt. */
    public boolean retryable() {
        return status >= 500 || status == 408 || status == 429;
    }
}
