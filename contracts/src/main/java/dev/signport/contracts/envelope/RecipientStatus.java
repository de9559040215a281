package dev.signport.contracts.envelope;

/** Progress of one recipient of an envelope. */
public enum RecipientStatus {
    /** Not invited yet (for example waiting for an earlier signer in SEQUENTIAL order). */
    PENDING,
    /** Invitation sent. */
    NOTIFIED,
    /** Opened the signing page. */
    VIEWED,
    /** Signed. */
    SIGNED,
    /** Declined to sign. */
    DECLINED;

    /** Whether the recipient has acted for good. */
    public boolean isTerminal() {
        return this == SIGNED || this == DECLINED;
    }
}
