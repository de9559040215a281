package dev.signport.contracts.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code document.stored}: Signport stored a PDF it produced or received from a vendor (signed document,
 * audit trail), usually linked to an envelope.
 *
 * @param kind       what the PDF is
 * @param envelopeId the envelope it belongs to ({@code env_…}), or null
 * @param sha256     lowercase hex SHA-256 of the bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentStored(
        String documentId,
        String tenantId,
        Instant occurredAt,
        DocumentKind kind,
        String envelopeId,
        String name,
        long sizeBytes,
        int pages,
        String sha256) implements DocumentEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "document.stored";

    public DocumentStored {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Checks.sha256(sha256);
        Checks.sizes(sizeBytes, pages);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
