package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * Machine-readable reason of a failure ({@code envelope.failed}, {@code envelope.provider_changed},
 * {@code provider.failed}). Values may be added within v1: readers map unknown values to {@link #UNKNOWN}.
 */
public enum FailureCode {
    /** The vendor refused the request (validation error, unsupported document, signer conflict). */
    PROVIDER_REJECTED,
    /** The vendor did not answer, answered 5xx, or its circuit breaker stayed open past the deadline. */
    PROVIDER_UNAVAILABLE,
    /** The vendor refused our credentials or client certificate. */
    PROVIDER_UNAUTHORIZED,
    /** The vendor throttled us (429). */
    RATE_LIMITED,
    /** The account's purchased signature quota is used up (OKdokument). */
    QUOTA_EXHAUSTED,
    /** The provider cannot do what the envelope asks (level, sequential order, OTP, field types, size). */
    UNSUPPORTED,
    /** The connector could not read a document from document-service. */
    DOCUMENT_UNAVAILABLE,
    /** Retries ran out on a retryable failure. */
    RETRIES_EXHAUSTED,
    /** No provider (or fallback provider) was left to try. */
    NO_PROVIDER_AVAILABLE,
    /** A bug or unexpected state inside Signport. */
    INTERNAL_ERROR,
    /** A code this reader does not know yet. */
    UNKNOWN;

    /**
     * The code named {@code value}, or {@link #UNKNOWN} for a name this version does not know. Jackson reads codes
     * through it, so older consumers survive new codes whatever their ObjectMapper settings.
     */
    @JsonCreator
    public static FailureCode parse(String value) {
        for (FailureCode code : values()) {
            if (code.name().equals(value)) {
                return code;
            }
        }
        return UNKNOWN;
    }
}
