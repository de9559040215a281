package dev.signport.contracts.envelope;

/** What a recipient does with an envelope. */
public enum RecipientRole {
    /** Signs the documents. */
    SIGNER,
    /** Receives a copy, never signs. */
    CC,
    /** Approves without signing. */
    APPROVER
}
