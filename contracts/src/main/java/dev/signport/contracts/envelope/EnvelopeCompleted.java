package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.completed}: every signer signed; the signed PDF is stored (status COMPLETED).
 *
 * @param signedDocumentId     the signed PDF ({@code doc_…}), also served by
 *                             {@code GET /api/v1/envelopes/{id}/signed-document}
 * @param auditTrailDocumentId the audit trail PDF when it was already produced, else null (it is built on demand)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeCompleted(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        String provider,
        String signedDocumentId,
        String auditTrailDocumentId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements EnvelopeEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "envelope.completed";

    public EnvelopeCompleted {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Checks.status(status, EnvelopeStatus.COMPLETED, TYPE);
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(signedDocumentId, "signedDocumentId");
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
