package dev.signport.document.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.envelope.EnvelopeCreated;
import dev.signport.contracts.envelope.EnvelopeDeleted;
import dev.signport.contracts.envelope.EnvelopeUpdated;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.document.store.EnvelopeUsageRepository;
import dev.signport.platform.inbox.Inbox;
import dev.signport.platform.messaging.CloudEventRecords;
import dev.signport.platform.messaging.ConsumerRetries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows {@code signport.envelope-events.v1} to know which documents envelopes use and when they
 * finish, which is what decides whether a document may be deleted. Idempotent by CloudEvents id
 * (inbox). A transient failure (database blip) is retried until it succeeds, the partition waiting;
 * only a record that can never be processed goes to the dead-letter topic.
 */
@ApplicationScoped
public class EnvelopeEventsConsumer {

    public static final String CONSUMER = "document-service.envelope-events";


    private final Inbox inbox;
    private final EnvelopeUsageRepository usage;
    private final ObjectMapper mapper;
    private final ConsumerRetries retries;

    public EnvelopeEventsConsumer(Inbox inbox, EnvelopeUsageRepository usage, ObjectMapper mapper,
            ConsumerRetries retries) {
        this.inbox = inbox;
        this.usage = usage;
        this.mapper = mapper;
        this.retries = retries;
    }

    @Incoming("envelope-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            String eventId = CloudEventRecords.eventId(record);
            // A type added after this service was built: nothing here depends on it.
            return CloudEventRecords.read(mapper, record, EnvelopeEvent.class)
                    .map(event -> retries.untilDone(CONSUMER, () -> inbox.processOnce(CONSUMER, eventId,
                            () -> apply(event))).replaceWithVoid())
                    .orElseGet(() -> Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> apply(EnvelopeEvent event) {
        // A deleted draft keeps status DRAFT on the wire (no new status value on a .v1 topic), but it is over.
        boolean over = event.status().isTerminal() || event instanceof EnvelopeDeleted;
        Uni<Void> status = usage.recordStatus(event.envelopeId(), event.tenantId(), event.status().name(), over);
        if (event instanceof EnvelopeCreated created) {
            return status.chain(() -> usage.recordDocuments(created.envelopeId(), created.tenantId(),
                    created.documentIds()));
        }
        if (event instanceof EnvelopeUpdated updated) {
            // A PATCH may swap documents: the ones it dropped must be deletable again.
            return status.chain(() -> usage.replaceDocuments(updated.envelopeId(), updated.tenantId(),
                    updated.documentIds()));
        }
        return status;
    }
}
