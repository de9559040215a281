package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code provider.cancelled}: the envelope is cancelled at the vendor (after {@code command.cancel_envelope}, or
 * voided there).
 *
 * @param reason free-text reason, when known
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderCancelled(
        String envelopeId,
        String tenantId,
        String provider,
        String externalId,
        String commandId,
        Instant occurredAt,
        String reason) implements ProviderEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "provider.cancelled";

    public ProviderCancelled {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
