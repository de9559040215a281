package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.envelope.FailureCode;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code provider.failed}: the vendor could not do what a command asked, or the envelope broke there.
 *
 * @param retryable  whether sending the same command again later may succeed (the connector's own retries are
 *                   already exhausted); false means envelope-service should fail over or fail the envelope
 * @param code       classification of the failure
 * @param reason     human-readable explanation, without secrets
 * @param vendorCode the vendor's own error code or label (for example {@code ERROR_NBR_ESSAI} or {@code HTTP 409}),
 *                   or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderFailed(
        String envelopeId,
        String tenantId,
        String provider,
        String externalId,
        String commandId,
        Instant occurredAt,
        boolean retryable,
        FailureCode code,
        String reason,
        String vendorCode) implements ProviderEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "provider.failed";

    public ProviderFailed {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
