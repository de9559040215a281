package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code provider.recipient_declined}: a recipient declined at the vendor ({@code provider.declined} follows when
 * that ends the envelope).
 *
 * @param reason the recipient's free-text reason, when the vendor gives one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderRecipientDeclined(
        String envelopeId,
        String tenantId,
        String provider,
        String externalId,
        String commandId,
        Instant occurredAt,
        String recipientId,
        String reason,
        SigningEvidence evidence) implements ProviderEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "provider.recipient_declined";

    public ProviderRecipientDeclined {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recipientId, "recipientId");
    }

    /** Without evidence: a vendor that keeps it to itself. */
    public ProviderRecipientDeclined(String envelopeId, String tenantId, String provider, String externalId, String commandId,
            Instant occurredAt, String recipientId, String reason) {
        this(envelopeId, tenantId, provider, externalId, commandId, occurredAt, recipientId, reason, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
