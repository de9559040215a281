package dev.signport.platform.inbox;

import dev.signport.contracts.cloudevents.CloudEventHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns at-least-once delivery into effectively-once processing: the id of each processed event is
 * recorded in the same transaction as the event's effect, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class Inbox {

    /**
     * Runs {@code effect} in a transaction unless {@code consumer} already processed
     * {@code eventId}. Emits true when the effect ran, false for a duplicate.
     */
    public Uni<Boolean> processOnce(String consumer, String eventId, Supplier<Uni<?>> effect) {
        return Panache.withTransaction(() -> markProcessed(consumer, eventId)
                .flatMap(fresh -> fresh ? effect.get().replaceWith(true) : Uni.createFrom().item(false)));
    }

    /** Records {@code eventId} in the current transaction; false when it was already there. */
    public Uni<Boolean> markProcessed(String consumer, String eventId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into inbox(consumer, event_id, processed_at) values (?1, ?2, now())"
                                + " on conflict do nothing")
                .setParameter(1, consumer).setParameter(2, eventId)
                .executeUpdate()).map(n -> n == 1);
    }

    /** The CloudEvents id of a Kafka message, or empty when the producer did not set one. */
    public static Optional<String> eventId(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .flatMap(m -> header(m.getHeaders(), CloudEventHeaders.CE_ID));
    }

    /** The CloudEvents id of a Kafka record, or empty when the producer did not set one. */
    public static Optional<String> eventId(ConsumerRecord<?, ?> record) {
        return header(record.headers(), CloudEventHeaders.CE_ID);
    }

    public static Optional<String> header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }
}
