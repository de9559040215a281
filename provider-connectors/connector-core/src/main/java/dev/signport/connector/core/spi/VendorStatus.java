package dev.signport.connector.core.spi;

import dev.signport.contracts.provider.SigningEvidence;

import java.time.Instant;
import java.util.List;

/**
 * The vendor's view of an envelope, normalised.
 *
 * @param occurredAt when the vendor says the envelope reached {@code state}, or null if it does not say
 * @param reason     the decline reason or other text the vendor gives, or null
 * @param recipients the recipients the vendor reports, by Signport recipient id
 */
public record VendorStatus(EnvelopeState state, Instant occurredAt, String reason, List<RecipientStatus> recipients) {

    public VendorStatus {
        recipients = List.copyOf(recipients);
    }

    /** Where the envelope is at the vendor. */
    public enum EnvelopeState {
        /** Sent, not finished (whatever the vendor's own word for it). */
        IN_PROGRESS,
        COMPLETED,
        DECLINED,
        /** Voided or cancelled at the vendor. */
        CANCELLED,
        EXPIRED
    }

    /**
     * A recipient's state at the vendor; {@code at}, {@code reason} and {@code evidence} may be null. Evidence (IP,
     * user agent, authentication, consent, document hashes) comes only from a provider that hosts the signing step
     * itself, and goes into the {@code provider.recipient_*} event of the change it belongs to.
     */
    public record RecipientStatus(String recipientId, RecipientState state, Instant at, String reason,
            SigningEvidence evidence) {

        public RecipientStatus(String recipientId, RecipientState state, Instant at, String reason) {
            this(recipientId, state, at, reason, null);
        }
    }

    /** Recipient states, in the only order they may move (a late or stale report never moves one back). */
    public enum RecipientState {
        PENDING, NOTIFIED, VIEWED, SIGNED, DECLINED;

        /** Whether this state is further on than {@code other}; SIGNED and DECLINED are both final. */
        public boolean isAfter(RecipientState other) {
            return rank() > other.rank();
        }

        private int rank() {
            return this == DECLINED ? SIGNED.ordinal() : ordinal();
        }
    }
}
