package dev.signport.platform.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.platform.inbox.Inbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;

/**
 * Reading a CloudEvents record as every consumer must (contracts/EVENTS.md §1.4–1.5): an event without
 * {@code ce_id} or with an unreadable body can never be processed ({@link PermanentFailure}, dead-lettered), and a
 * type added after this service was built is skipped, not an error.
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** The record's {@code ce_id}, the key of inbox de-duplication. */
    public static String eventId(ConsumerRecord<String, String> record) {
        return Inbox.header(record.headers(), CloudEventHeaders.CE_ID)
                .orElseThrow(() -> new PermanentFailure("Record without ce_id at " + record.topic() + "-"
                        + record.partition() + "@" + record.offset()));
    }

    /** The record's payload as {@code type}; empty for an event type this version does not know. */
    public static <T> Optional<T> read(ObjectMapper mapper, ConsumerRecord<String, String> record, Class<T> type) {
        try {
            return Optional.ofNullable(mapper.readValue(record.value(), type));
        } catch (InvalidTypeIdException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new PermanentFailure("Unreadable " + type.getSimpleName() + " at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), e);
        }
    }
}
