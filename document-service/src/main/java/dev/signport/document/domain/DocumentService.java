package dev.signport.document.domain;

import dev.signport.contracts.Topics;
import dev.signport.contracts.document.DocumentDeleted;
import dev.signport.contracts.document.DocumentKind;
import dev.signport.contracts.document.DocumentStored;
import dev.signport.contracts.document.DocumentUploaded;
import dev.signport.document.store.DocumentRepository;
import dev.signport.document.store.DocumentStorage;
import dev.signport.document.store.EnvelopeUsageRepository;
import dev.signport.document.store.Storages;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.id.Ids;
import dev.signport.platform.idempotency.Idempotency;
import dev.signport.platform.outbox.Outbox;
import dev.signport.platform.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * The document use cases. Each write is one short transaction holding the row, the bytes
 * (PostgreSQL storage; S3 objects are written before it opens), the outbox event and the idempotent
 * response, so an event is published exactly when its change committed, and a rejected upload
 * leaves neither a row nor bytes behind. PDF parsing happens before, outside any transaction.
 */
@ApplicationScoped
public class DocumentService {

    private static final Logger LOG = Logger.getLogger(DocumentService.class);

    private final DocumentRepository documents;
    private final EnvelopeUsageRepository envelopes;
    private final Storages storages;
    private final Outbox outbox;
    private final Idempotency idempotency;
    private final PdfParser pdfParser;

    public DocumentService(DocumentRepository documents, EnvelopeUsageRepository envelopes, Storages storages,
            Outbox outbox, Idempotency idempotency, PdfParser pdfParser) {
        this.documents = documents;
        this.envelopes = envelopes;
        this.storages = storages;
        this.outbox = outbox;
        this.idempotency = idempotency;
        this.pdfParser = pdfParser;
    }

    /** A client's upload: validated as a PDF that opens without any protection, then stored. */
    public Uni<Document> upload(String tenantId, String name, Spool spool, Function<Document, Response> response) {
        return pdfParser.inspect(spool, false)
                .flatMap(info -> store(tenantId, name, DocumentKind.ORIGINAL, null, spool, info, response));
    }

    /**
     * A PDF Signport produced or got from a vendor (signed document, audit trail). It must be a
     * PDF; permission restrictions are tolerated, a password to open it is not.
     */
    public Uni<Document> storeProduced(String tenantId, String envelopeId, DocumentKind kind, String name,
            Spool spool, Function<Document, Response> response) {
        return pdfParser.inspect(spool, true)
                .flatMap(info -> store(tenantId, name, kind, envelopeId, spool, info, response));
    }

    /**
     * {@code response} is what the API answers for the new document: recorded in the same
     * transaction as the row and its event when the request carries an Idempotency-Key.
     */
    private Uni<Document> store(String tenantId, String name, DocumentKind kind, String envelopeId, Spool spool,
            PdfInspector.PdfInfo info, Function<Document, Response> response) {
        Document d = new Document();
        d.id = Ids.newId("doc");
        d.tenantId = tenantId;
        d.name = name;
        d.sizeBytes = spool.size();
        d.pages = info.pages();
        d.sha256 = spool.sha256();
        d.kind = kind;
        d.envelopeId = envelopeId;
        d.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        DocumentStorage storage = storages.active();
        d.storage = storage.id();
        // Bytes across the network first, outside any transaction; then one short transaction:
        // the row (flushed, PostgreSQL chunks reference it), in-database bytes, the event and the
        // idempotent response.
        Uni<Void> outside = storage.transactional() ? Uni.createFrom().voidItem() : storage.write(d.id, spool);
        return outside.chain(() -> Panache.withTransaction(() -> documents.persistAndFlush(d)
                        .call(() -> storage.transactional() ? storage.write(d.id, spool) : Uni.createFrom().voidItem())
                        .call(() -> outbox.append(created(d)))
                        .call(() -> idempotency.recordInTransaction(response.apply(d)))))
                .onFailure().call(e -> storage.remove(d.id)
                        .onFailure().invoke(r -> LOG.warnf("Could not remove the bytes of failed upload %s: %s",
                                d.id, r.toString()))
                        .onFailure().recoverWithNull());
    }

    /** Deletes a document unless an envelope that is not finished uses it (409). */
    public Uni<Void> delete(String tenantId, String id) {
        return Panache.withTransaction(() -> documents.getForTenant(tenantId, id)
                        .call(d -> envelopes.activeEnvelopeUsing(tenantId, d.id).invoke(envelopeId -> {
                            if (envelopeId != null) {
                                throw ProblemException.conflict("Document " + id + " is used by envelope "
                                        + envelopeId + ", which is not finished; delete it once the envelope"
                                        + " is completed, declined, cancelled, expired or failed");
                            }
                        }))
                        .call(documents::delete)
                        .call(d -> outbox.append(new OutboxEvent(Topics.DOCUMENT_EVENTS, "document", d.id,
                                d.tenantId, DocumentDeleted.TYPE,
                                new DocumentDeleted(d.id, d.tenantId, Instant.now())))))
                // Bytes outside the database go once the deletion committed; PostgreSQL chunks went with the row.
                .call(d -> storages.of(d.storage).remove(d.id)
                        .onFailure().invoke(e -> LOG.warnf("Document %s deleted but its bytes could not be removed"
                                + " from %s: %s", d.id, d.storage, e.toString()))
                        .onFailure().recoverWithNull())
                .replaceWithVoid();
    }

    private static OutboxEvent created(Document d) {
        if (d.kind == DocumentKind.ORIGINAL) {
            return new OutboxEvent(Topics.DOCUMENT_EVENTS, "document", d.id, d.tenantId, DocumentUploaded.TYPE,
                    new DocumentUploaded(d.id, d.tenantId, d.createdAt, d.name, d.sizeBytes, d.pages, d.sha256));
        }
        return new OutboxEvent(Topics.DOCUMENT_EVENTS, "document", d.id, d.tenantId, DocumentStored.TYPE,
                new DocumentStored(d.id, d.tenantId, d.createdAt, d.kind, d.envelopeId, d.name, d.sizeBytes,
                        d.pages, d.sha256));
    }
}
