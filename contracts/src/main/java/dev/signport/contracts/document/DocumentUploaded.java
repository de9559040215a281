package dev.signport.contracts.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code document.uploaded}: a client uploaded a valid PDF (kind ORIGINAL) through the API.
 *
 * @param name      file name as given by the client
 * @param sizeBytes size of the PDF in bytes
 * @param pages     number of pages
 * @param sha256    lowercase hex SHA-256 of the bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentUploaded(
        String documentId,
        String tenantId,
        Instant occurredAt,
        String name,
        long sizeBytes,
        int pages,
        String sha256) implements DocumentEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "document.uploaded";

    public DocumentUploaded {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(name, "name");
        Checks.sha256(sha256);
        Checks.sizes(sizeBytes, pages);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
