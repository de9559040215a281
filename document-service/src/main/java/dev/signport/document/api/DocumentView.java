package dev.signport.document.api;

import dev.signport.contracts.document.DocumentKind;
import dev.signport.document.domain.Document;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A document as the public API shows it. */
@Schema(name = "Document")
public record DocumentView(
        @Schema(example = "doc_01JD3Q8Z5Y6W7X8V9T0S1R2P3N") String id,
        @Schema(example = "contrat.pdf") String name,
        long sizeBytes,
        int pages,
        @Schema(description = "Lowercase hex SHA-256 of the bytes; also the ETag of the content") String sha256,
        Instant createdAt,
        @Schema(description = "READY: stored, validated and readable") String status,
        @Schema(description = "ORIGINAL for uploads; SIGNED or AUDIT_TRAIL for PDFs Signport produced") DocumentKind kind,
        @Schema(description = "Envelope a produced PDF belongs to") String envelopeId) {

    public static final String READY = "READY";

    public static DocumentView of(Document d) {
        return new DocumentView(d.id, d.name, d.sizeBytes, d.pages, d.sha256, d.createdAt, READY, d.kind,
                d.envelopeId);
    }
}
