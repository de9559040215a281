package dev.signport.contracts.envelope;

/** eIDAS signature level: simple, advanced or qualified electronic signature. */
public enum SignatureLevel {
    /** Simple electronic signature. */
    SES,
    /** Advanced electronic signature. */
    AES,
    /** Qualified electronic signature. */
    QES
}
