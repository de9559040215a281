package dev.signport.contracts.provider;

/** Kind of a field a recipient fills in on a document. */
public enum FieldType {
    /** Signature box. */
    SIGNATURE,
    /** Initials. */
    INITIALS,
    /** Date of signing. */
    DATE,
    /** Free text. */
    TEXT,
    /** Checkbox. */
    CHECKBOX
}
