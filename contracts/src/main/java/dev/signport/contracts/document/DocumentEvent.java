package dev.signport.contracts.document;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/** An event of document-service, the value of a record on {@code signport.document-events.v1} (key = document id). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DocumentUploaded.class, name = DocumentUploaded.TYPE),
        @JsonSubTypes.Type(value = DocumentStored.class, name = DocumentStored.TYPE),
        @JsonSubTypes.Type(value = DocumentDeleted.class, name = DocumentDeleted.TYPE)
})
public sealed interface DocumentEvent permits DocumentUploaded, DocumentStored, DocumentDeleted {

    /** The event type, for example {@code document.uploaded}; also the {@code ce_type} header. */
    String type();

    /** The document ({@code doc_…}); also the record key and {@code ce_subject}. */
    String documentId();

    /** The tenant owning the document. */
    String tenantId();

    /** When it happened. */
    Instant occurredAt();
}
