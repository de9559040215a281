package dev.signport.connector.core.testing;

import java.util.List;
import java.util.Map;

/**
 * What the connector contract suite needs from a vendor's sandbox: acting as the signer, injecting
 * faults, reading the log of calls the vendor received. An adapter's test supplies one (for the
 * vendor-simulators, {@link SimulatorHooks} does most of it).
 */
public interface VendorHooks {

    /** The provider name, as {@code signport.connector.provider}. */
    String provider();

    /** The vendor operation that creates an envelope (or request): counted by the duplicate and retry tests. */
    String createOperation();

    /** The vendor operation that voids or cancels it. */
    String cancelOperation();

    /** Forgets faults and recorded calls. */
    void reset();

    void clearCalls();

    /** Every call the vendor received, oldest first. */
    List<VendorCall> calls();

    void view(String externalId, String email);

    void sign(String externalId, String email);

    void decline(String externalId, String email, String reason);

    /** The vendor's own state of the envelope (its status word), for assertions. */
    String vendorState(String externalId);

    /** The vendor state word of an envelope voided or cancelled through its API. */
    String cancelledState();

    /** The next {@code times} calls of {@code operation} ("*" = any) answer {@code status}. */
    void failWithStatus(String operation, int status, Integer retryAfterSeconds, int times);

    /** The next {@code times} calls of {@code operation} answer only after {@code delayMs}. */
    void delay(String operation, long delayMs, int times);

    /** Every callback is dropped until {@link #clearFaults}. */
    void dropCallbacks();

    void clearFaults();

    /** Whether the vendor reports that a recipient opened the envelope (else no {@code recipient_viewed}). */
    boolean reportsViews();

    /**
     * A callback to {@code externalId}'s URL that does not come from the vendor: a bad signature for vendors
     * that sign, else a body claiming an outcome that did not happen; with the status the connector must answer.
     */
    ForgedCallback forgedCallback(String externalId);

    /** A status the vendor answers when it refuses a request (not retryable), and the vendor code it then sends. */
    Refusal refusal();

    record ForgedCallback(Map<String, String> headers, byte[] body, int expectedStatus) {}

    record Refusal(int status, String vendorCode) {}

    /** One call as the vendor logged it. */
    record VendorCall(String operation, String method, String path, int status, long atEpochMillis) {}
}
