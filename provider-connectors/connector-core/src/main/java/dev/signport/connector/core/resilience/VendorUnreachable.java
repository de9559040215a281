package dev.signport.connector.core.resilience;

/**
 * A vendor call that got no usable answer once the guard gave up: it timed out, the network failed, the
 * circuit breaker was open, or the answer could not be read. (An error status is a
 * {@link dev.signport.connector.core.spi.VendorException} instead.)
 */
public class VendorUnreachable extends RuntimeException {

    /** Why there was no usable answer. */
    public enum Kind { TIMEOUT, NETWORK, BREAKER_OPEN, UNREADABLE }

    private final String vendor;
    private final String operation;
    private final Kind kind;

    public VendorUnreachable(String vendor, String operation, Kind kind, Throwable cause) {
        super(vendor + " " + operation + ": " + describe(kind) + (cause == null ? "" : " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")"), cause, false, false);
        this.vendor = vendor;
        this.operation = operation;
        this.kind = kind;
    }

    public String vendor() {
        return vendor;
    }

    public String operation() {
        return operation;
    }

    public Kind kind() {
        return kind;
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case TIMEOUT -> "no answer within the timeout";
            case NETWORK -> "unreachable";
            case BREAKER_OPEN -> "circuit breaker open after repeated failures";
            case UNREADABLE -> "unreadable answer";
        };
    }
}
