package dev.signport.connector.core.domain;

/**
 * Where the connector is with an envelope at its vendor. SENDING: a send started (vendor calls may have
 * happened; progress records which). FAILED is not final: a later send command for the same envelope
 * resumes from the recorded progress (kept after a retryable failure, cleared after a refusal).
 */
public enum LinkState {
    SENDING, ACCEPTED, COMPLETED, DECLINED, CANCELLED, FAILED;

    /** Over at the vendor: nothing more will happen, nothing is polled. */
    public boolean isFinal() {
        return this == COMPLETED || this == DECLINED || this == CANCELLED;
    }
}
