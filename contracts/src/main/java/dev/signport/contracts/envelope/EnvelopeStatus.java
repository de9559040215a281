package dev.signport.contracts.envelope;

/** Lifecycle status of an envelope; transitions only move forward (DESIGN §4). */
public enum EnvelopeStatus {
    /** Created, editable, not sent. */
    DRAFT,
    /** Dispatched to a provider, not yet accepted by it. */
    SENDING,
    /** Accepted by the provider; recipients can sign. */
    SENT,
    /** At least one signer signed, others still have to. */
    PARTIALLY_SIGNED,
    /** Every signer signed; the signed document is available. */
    COMPLETED,
    /** A recipient declined. */
    DECLINED,
    /** Cancelled through the API (or voided at the vendor). */
    CANCELLED,
    /** {@code expiresAt} passed before completion. */
    EXPIRED,
    /** The provider rejected it or retries and fallbacks were exhausted. */
    FAILED;

    /** Whether no further transition can happen. */
    public boolean isTerminal() {
        return switch (this) {
            case COMPLETED, DECLINED, CANCELLED, EXPIRED, FAILED -> true;
            case DRAFT, SENDING, SENT, PARTIALLY_SIGNED -> false;
        };
    }
}
