package dev.signport.envelope.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.document.DocumentDeleted;
import dev.signport.contracts.document.DocumentEvent;
import dev.signport.contracts.document.DocumentKind;
import dev.signport.contracts.document.DocumentStored;
import dev.signport.contracts.document.DocumentUploaded;
import dev.signport.envelope.store.KnownDocument;
import dev.signport.platform.inbox.Inbox;
import dev.signport.platform.messaging.CloudEventRecords;
import dev.signport.platform.messaging.ConsumerRetries;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Learns the tenants' documents from signport.document-events.v1: envelopes are validated against this copy, never
 * by calling document-service. Idempotent by ce_id; a deletion is kept as a flag so a late upload event of the same
 * document cannot bring it back.
 */
@ApplicationScoped
public class DocumentEventsConsumer {

    public static final String CONSUMER = "envelope-service.document-events";

    private final Inbox inbox;
    private final ObjectMapper mapper;
    private final ConsumerRetries retries;

    public DocumentEventsConsumer(Inbox inbox, ObjectMapper mapper, ConsumerRetries retries) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.retries = retries;
    }

    @Incoming("document-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            String eventId = CloudEventRecords.eventId(record);
            return CloudEventRecords.read(mapper, record, DocumentEvent.class)
                    .map(event -> retries.untilDone(CONSUMER, () -> inbox.processOnce(CONSUMER, eventId,
                            () -> apply(event))).replaceWithVoid())
                    .orElseGet(() -> Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> apply(DocumentEvent event) {
        if (event instanceof DocumentUploaded u) {
            return upsert(u.documentId(), u.tenantId(), DocumentKind.ORIGINAL, u.name(), u.sizeBytes(), u.pages(),
                    u.sha256(), null, u.occurredAt());
        }
        if (event instanceof DocumentStored s) {
            return upsert(s.documentId(), s.tenantId(), s.kind(), s.name(), s.sizeBytes(), s.pages(), s.sha256(),
                    s.envelopeId(), s.occurredAt());
        }
        DocumentDeleted d = (DocumentDeleted) event;
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into known_document(id, tenant_id, kind, name, size_bytes, pages, sha256, deleted,
                                                   updated_at)
                        values (?1, ?2, 'ORIGINAL', '', 0, 0, '', true, ?3)
                        on conflict (id) do update set deleted = true, updated_at = excluded.updated_at""")
                .setParameter(1, d.documentId()).setParameter(2, d.tenantId()).setParameter(3, d.occurredAt())
                .executeUpdate()).replaceWithVoid();
    }

    private static Uni<Void> upsert(String id, String tenantId, DocumentKind kind, String name, long size, int pages,
            String sha256, String envelopeId, Instant at) {
        return KnownDocument.<KnownDocument>findById(id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            KnownDocument d = new KnownDocument();
            d.id = id;
            d.tenantId = tenantId;
            d.kind = kind.name();
            d.name = name;
            d.sizeBytes = size;
            d.pages = pages;
            d.sha256 = sha256;
            d.envelopeId = envelopeId;
            d.updatedAt = at;
            return d.persist().replaceWithVoid();
        });
    }
}
