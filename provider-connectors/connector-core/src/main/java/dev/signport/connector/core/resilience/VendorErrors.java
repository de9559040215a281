package dev.signport.connector.core.resilience;

import dev.signport.connector.core.spi.VendorException;
import java.io.IOException;

/** Which failures of a vendor call are worth retrying, and which say the vendor is unwell. */
public final class VendorErrors {

    private VendorErrors() {}

    /** Network errors, timeouts, 5xx, 408 and 429. Every other 4xx is the vendor refusing the request. */
    public static boolean isRetryable(Throwable e) {
        VendorException v = find(e, VendorException.class);
        if (v != null) {
            return v.retryable();
        }
        return isTimeout(e) || isNetwork(e);
    }

    /**
     * What the circuit breaker counts as a failure: the vendor not answering or answering 5xx/408. A 429
     * is the vendor pacing us (the gate handles it) and a 4xx is our request: neither says it is down.
     */
    public static boolean isVendorDown(Throwable e) {
        VendorException v = find(e, VendorException.class);
        if (v != null) {
            return v.status() >= 500 || v.status() == 408;
        }
        return isTimeout(e) || isNetwork(e);
    }

    public static boolean isTimeout(Throwable e) {
        return find(e, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class) != null
                || find(e, java.util.concurrent.TimeoutException.class) != null
                || find(e, io.netty.handler.timeout.TimeoutException.class) != null;
    }

    public static boolean isNetwork(Throwable e) {
        return find(e, IOException.class) != null
                || find(e, io.vertx.core.VertxException.class) != null
                || find(e, io.netty.channel.ChannelException.class) != null
                || find(e, jakarta.ws.rs.ProcessingException.class) != null
                        && find(e, com.fasterxml.jackson.core.JsonProcessingException.class) == null;
    }

    public static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
