package dev.signport.contracts.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/** {@code document.deleted}: a document and its bytes were deleted. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentDeleted(String documentId, String tenantId, Instant occurredAt) implements DocumentEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "document.deleted";

    public DocumentDeleted {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
