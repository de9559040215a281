package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code provider.completed}: every signer signed and the connector stored the signed PDF in document-service.
 *
 * @param signedDocumentId   the stored signed PDF ({@code doc_…})
 * @param evidenceDocumentId the vendor's evidence or audit report stored as a PDF, or null when it offers none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderCompleted(
        String envelopeId,
        String tenantId,
        String provider,
        String externalId,
        String commandId,
        Instant occurredAt,
        String signedDocumentId,
        String evidenceDocumentId) implements ProviderEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "provider.completed";

    public ProviderCompleted {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(signedDocumentId, "signedDocumentId");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
