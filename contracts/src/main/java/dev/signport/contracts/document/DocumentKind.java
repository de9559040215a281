package dev.signport.contracts.document;

/** What a stored PDF is. */
public enum DocumentKind {
    /** Uploaded by a client through the API. */
    ORIGINAL,
    /** The signed PDF of a completed envelope. */
    SIGNED,
    /** An audit trail (Signport's own, or the vendor's evidence report). */
    AUDIT_TRAIL
}
