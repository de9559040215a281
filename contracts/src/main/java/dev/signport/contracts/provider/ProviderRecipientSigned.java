package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code provider.recipient_signed}: a recipient signed at the vendor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderRecipientSigned(
        String envelopeId,
        String tenantId,
        String provider,
        String externalId,
        String commandId,
        Instant occurredAt,
        String recipientId,
        SigningEvidence evidence) implements ProviderEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "provider.recipient_signed";

    public ProviderRecipientSigned {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recipientId, "recipientId");
    }

    /** Without evidence: a vendor that keeps it to itself. */
    public ProviderRecipientSigned(String envelopeId, String tenantId, String provider, String externalId, String commandId,
            Instant occurredAt, String recipientId) {
        this(envelopeId, tenantId, provider, externalId, commandId, occurredAt, recipientId, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
