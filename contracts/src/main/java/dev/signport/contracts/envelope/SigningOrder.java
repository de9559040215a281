package dev.signport.contracts.envelope;

/** Whether signers sign at the same time or one after the other (by their {@code order}). */
public enum SigningOrder {
    /** Every signer is invited at once. */
    PARALLEL,
    /** A signer is invited only after the signers of lower {@code order} signed. */
    SEQUENTIAL
}
