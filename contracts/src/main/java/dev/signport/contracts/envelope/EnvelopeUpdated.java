package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.updated}: a DRAFT envelope was changed through {@code PATCH}; carries the whole draft as it is
 * now (same fields as {@code envelope.created}), so a consumer replaces what it kept, for example which documents
 * the envelope uses.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeUpdated(
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
    public static final String TYPE = "envelope.updated";

    public EnvelopeUpdated {
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
