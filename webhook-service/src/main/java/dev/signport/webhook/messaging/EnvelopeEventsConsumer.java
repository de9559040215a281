package dev.signport.webhook.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.platform.inbox.Inbox;
import dev.signport.platform.messaging.CloudEventRecords;
import dev.signport.platform.messaging.ConsumerRetries;
import dev.signport.platform.messaging.PermanentFailure;
import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.delivery.DeliveryDispatcher;
import dev.signport.webhook.domain.WebhookBodies;
import dev.signport.webhook.store.DeliveryStore;
import dev.signport.webhook.store.DeliveryStore.IncomingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns signport.envelope-events.v1 into deliveries. Each poll's batch is stored in one transaction (event rows,
 * one delivery per matching enabled endpoint, inbox ids) before its offsets are committed, so nothing is lost
 * or enqueued twice whatever crashes when ({@link DeliveryStore#ingest}). Transient failures are retried for as
 * long as it takes (the partitions wait); a record that can never be processed (no ce_id, not JSON, no tenant)
 * goes to the dead-letter topic on its own, and the rest of its batch proceeds.
 *
 * <p>Every event type is forwarded, including types added to the topic after this service was built: a
 * {@code "*"} subscription receives them, as a webhook receiver would expect.
 */
@ApplicationScoped
public class EnvelopeEventsConsumer {

    public static final String CONSUMER = "webhook-service.envelope-events";
    private static final Logger LOG = Logger.getLogger(EnvelopeEventsConsumer.class);

    private final DeliveryStore store;
    private final ConsumerRetries retries;
    private final DeadLetters deadLetters;
    private final DeliveryDispatcher dispatcher;
    private final ObjectMapper mapper;
    private final Duration firstPause;
    private final Counter events;
    private final Counter enqueued;

    public EnvelopeEventsConsumer(DeliveryStore store, ConsumerRetries retries, DeadLetters deadLetters,
            DeliveryDispatcher dispatcher, ObjectMapper mapper, WebhookConfig config, MeterRegistry metrics) {
        this.store = store;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.firstPause = config.delivery().schedule().get(0);
        this.events = metrics.counter("signport_webhook_events_ingested_total");
        this.enqueued = metrics.counter("signport_webhook_deliveries_enqueued_total");
    }

    /** A record and what it became. */
    private record Parsed(ConsumerRecord<String, String> record, IncomingEvent event) {
    }

    @Incoming("envelope-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return Uni.createFrom().deferred(() -> {
            List<Parsed> parsed = new ArrayList<>();
            Uni<Void> rejected = Uni.createFrom().voidItem();
            Set<String> seen = new HashSet<>();
            for (ConsumerRecord<String, String> r : records) {
                try {
                    IncomingEvent e = parse(r);
                    // The same ce_id twice in one poll (a producer retry): the first one counts.
                    if (seen.add(e.eventId())) {
                        parsed.add(new Parsed(r, e));
                    }
                } catch (PermanentFailure e) {
                    rejected = rejected.chain(() -> deadLetter(r, e));
                }
            }
            return rejected.chain(() -> ingestAll(parsed));
        });
    }

    private Uni<Void> ingestAll(List<Parsed> parsed) {
        if (parsed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<IncomingEvent> batch = parsed.stream().map(Parsed::event).toList();
        return retries.untilDone(CONSUMER, () -> ingest(batch))
                .replaceWithVoid()
                // Only a permanent failure gets here (the database refused the data of some record): find it by
                // storing the records one by one, dead-letter it and keep the others.
                .onFailure().recoverWithUni(e -> oneByOne(parsed, 0));
    }

    private Uni<Void> oneByOne(List<Parsed> parsed, int i) {
        if (i >= parsed.size()) {
            return Uni.createFrom().voidItem();
        }
        Parsed p = parsed.get(i);
        return retries.untilDone(CONSUMER, () -> ingest(List.of(p.event()))).replaceWithVoid()
                .onFailure().recoverWithUni(e -> deadLetter(p.record(), e))
                .chain(() -> oneByOne(parsed, i + 1));
    }

    /**
     * One attempt at storing {@code batch}: its new deliveries are stored claimed by this replica as far as it has
     * room, and handed to its workers once committed; the others are left for the claim query.
     */
    private Uni<DeliveryStore.Ingested> ingest(List<IncomingEvent> batch) {
        return Uni.createFrom().deferred(() -> {
            DeliveryDispatcher.Reservation reservation = dispatcher.reserve();
            return store.ingest(CONSUMER, batch, firstPause, reservation)
                    .onFailure().invoke(reservation::failed)
                    .onCancellation().invoke(reservation::failed)
                    .invoke(result -> {
                        events.increment(result.fresh());
                        enqueued.increment(result.deliveries());
                        reservation.committed(result.claimed());
                    });
        });
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> r, Throwable e) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        return retries.untilDone(CONSUMER + ".dead-letter", () -> deadLetters.send(r, e));
    }

    /** The event as stored and sent; a {@link PermanentFailure} when the record can never be one. */
    IncomingEvent parse(ConsumerRecord<String, String> record) {
        String eventId = CloudEventRecords.eventId(record);
        JsonNode node;
        try {
            node = record.value() == null ? null : mapper.readTree(record.value());
        } catch (Exception e) {
            throw new PermanentFailure("Unreadable JSON at " + where(record), e);
        }
        if (!(node instanceof ObjectNode payload)) {
            throw new PermanentFailure("Payload is not a JSON object at " + where(record));
        }
        String type = text(payload, "type").or(() -> Inbox.header(record.headers(), CloudEventHeaders.CE_TYPE))
                .orElseThrow(() -> new PermanentFailure("No event type at " + where(record)));
        String tenantId = text(payload, "tenantId")
                .or(() -> Inbox.header(record.headers(), CloudEventHeaders.CE_TENANTID))
                .orElseThrow(() -> new PermanentFailure("No tenant at " + where(record)));
        Instant occurredAt;
        try {
            occurredAt = text(payload, "occurredAt").or(() -> Inbox.header(record.headers(), CloudEventHeaders.CE_TIME))
                    .map(Instant::parse).orElseGet(() -> Instant.ofEpochMilli(record.timestamp()));
        } catch (RuntimeException e) {
            throw new PermanentFailure("Unreadable occurredAt at " + where(record), e);
        }
        Long sequence = null;
        var seq = Inbox.header(record.headers(), CloudEventHeaders.CE_SEQUENCE);
        if (seq.isPresent()) {
            try {
                sequence = CloudEventHeaders.parseSequence(seq.get());
            } catch (RuntimeException e) {
                throw new PermanentFailure("Unreadable ce_sequence at " + where(record), e);
            }
        }
        return new IncomingEvent(eventId, tenantId, type, occurredAt,
                WebhookBodies.of(mapper, type, occurredAt, payload, sequence));
    }

    private static java.util.Optional<String> text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(v.asText());
    }

    private static String where(ConsumerRecord<?, ?> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset();
    }
}
