package dev.signport.document.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.envelope.EnvelopeCreated;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.document.store.EnvelopeUsageRepository;
import dev.signport.platform.inbox.Inbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Follows {@code signport.envelope-events.v1} to know which documents envelopes use and when they
 * finish, which is what decides whether a document may be deleted. Idempotent by CloudEvents id
 * (inbox); a record that cannot be processed goes to the dead-letter topic after a few retries.
 */
@ApplicationScoped
public class EnvelopeEventsConsumer {

    public static final String CONSUMER = "document-service.envelope-events";

    private static final Logger LOG = Logger.getLogger(EnvelopeEventsConsumer.class);

    private final Inbox inbox;
    private final EnvelopeUsageRepository usage;
    private final ObjectMapper mapper;

    public EnvelopeEventsConsumer(Inbox inbox, EnvelopeUsageRepository usage, ObjectMapper mapper) {
        this.inbox = inbox;
        this.usage = usage;
        this.mapper = mapper;
    }

    @Incoming("envelope-events")
    @Retry(maxRetries = 3, delay = 200)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String eventId = Inbox.header(record.headers(), CloudEventHeaders.CE_ID)
                .orElseThrow(() -> new IllegalArgumentException("Record without ce_id at " + record.topic() + "-"
                        + record.partition() + "@" + record.offset()));
        EnvelopeEvent event;
        try {
            event = mapper.readValue(record.value(), EnvelopeEvent.class);
        } catch (InvalidTypeIdException e) {
            // A type added after this service was built: nothing here depends on it.
            LOG.debugf("Ignoring envelope event %s of unknown type", eventId);
            return Uni.createFrom().voidItem();
        } catch (Exception e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable envelope event " + eventId, e));
        }
        return inbox.processOnce(CONSUMER, eventId, () -> apply(event)).replaceWithVoid();
    }

    private Uni<Void> apply(EnvelopeEvent event) {
        Uni<Void> status = usage.recordStatus(event.envelopeId(), event.tenantId(), event.status().name(),
                event.status().isTerminal());
        if (event instanceof EnvelopeCreated created) {
            return status.chain(() -> usage.recordDocuments(created.envelopeId(), created.tenantId(),
                    created.documentIds()));
        }
        return status;
    }
}
