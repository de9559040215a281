package dev.signport.pades;

/** The PAdES baseline level a call produced (ETSI EN 319 142-1). */
public enum PadesLevel {
    /** CMS signature with signing-certificate-v2, no trusted time. */
    B_B,
    /** B-B plus an RFC 3161 signature-time-stamp over the signature value. */
    B_T,
    /** Validation data in the DSS dictionary plus a document timestamp over the whole file. */
    B_LTA
}
