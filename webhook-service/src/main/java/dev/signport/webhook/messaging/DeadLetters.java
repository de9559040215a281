package dev.signport.webhook.messaging;

import dev.signport.contracts.DeadLetterHeaders;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Copies records that can never be processed to signport.dead-letter.v1, unchanged and with the headers of
 * SmallRye's dead-letter-queue strategy (contracts/EVENTS.md §9). The consumer reads in batches, for which that
 * strategy would dead-letter the whole batch; this sends exactly the bad record.
 */
@ApplicationScoped
public class DeadLetters {

    private final MutinyEmitter<String> emitter;

    public DeadLetters(@Channel("dead-letters") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(ConsumerRecord<String, String> record, Throwable reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetterHeaders.TOPIC, record.topic());
        put(headers, DeadLetterHeaders.PARTITION, Integer.toString(record.partition()));
        put(headers, DeadLetterHeaders.OFFSET, Long.toString(record.offset()));
        put(headers, DeadLetterHeaders.REASON, String.valueOf(reason.getMessage()));
        put(headers, DeadLetterHeaders.EXCEPTION_CLASS_NAME, reason.getClass().getName());
        if (reason.getCause() != null) {
            put(headers, DeadLetterHeaders.CAUSE, String.valueOf(reason.getCause().getMessage()));
            put(headers, DeadLetterHeaders.CAUSE_CLASS_NAME, reason.getCause().getClass().getName());
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(record.value()).addMetadata(metadata));
    }

    private static void put(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
