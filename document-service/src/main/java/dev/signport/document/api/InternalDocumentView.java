package dev.signport.document.api;

import dev.signport.contracts.document.DocumentKind;
import dev.signport.document.domain.Document;
import java.time.Instant;

/** A document as Signport's own services see it on {@code /internal/}: with its tenant. */
public record InternalDocumentView(String id, String tenantId, String name, long sizeBytes, int pages, String sha256,
        Instant createdAt, String status, DocumentKind kind, String envelopeId) {

    public static InternalDocumentView of(Document d) {
        return new InternalDocumentView(d.id, d.tenantId, d.name, d.sizeBytes, d.pages, d.sha256, d.createdAt,
                DocumentView.READY, d.kind, d.envelopeId);
    }
}
