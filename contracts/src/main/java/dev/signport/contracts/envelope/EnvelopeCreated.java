package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.created}: a DRAFT envelope was created.
 *
 * @param provider          the requested provider, or null when Signport picks one at send time
 * @param fallbackProviders providers to fail over to, in order (empty when none were requested)
 * @param signatureLevel    the requested level, or null for the tenant default
 * @param expiresAt         when the envelope expires, or null for never
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeCreated(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        String subject,
        String provider,
        List<String> fallbackProviders,
        SigningOrder signingOrder,
        SignatureLevel signatureLevel,
        List<String> documentIds,
        List<RecipientSummary> recipients,
        Instant expiresAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements EnvelopeEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "envelope.created";

    public EnvelopeCreated {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Checks.status(status, EnvelopeStatus.DRAFT, TYPE);
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(subject, "subject");
        fallbackProviders = fallbackProviders == null ? List.of() : List.copyOf(fallbackProviders);
        Objects.requireNonNull(signingOrder, "signingOrder");
        documentIds = List.copyOf(Objects.requireNonNull(documentIds, "documentIds"));
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
