package dev.signport.connector.core.spi;

/** What an adapter makes of a callback (see {@link SignatureProvider#verifyCallback}). */
public enum CallbackVerdict {
    /** Authentic (or unsigned by design) and about this envelope: re-read the status from the vendor. */
    RELEVANT,
    /** Authentic but about another envelope (a per-account vendor webhook): acknowledge, do nothing. */
    IRRELEVANT,
    /** The signature does not verify: refuse it, change nothing. */
    FORGED
}
