package dev.signport.platform.outbox;

import java.util.Objects;

/**
 * An event to publish as a CloudEvent: {@code aggregateId} becomes the Kafka key and the
 * CloudEvents subject, {@code type} the CloudEvents type, {@code payload} the JSON body.
 */
public record OutboxEvent(String topic, String aggregateType, String aggregateId, String tenantId, String type,
        Object payload) {

    public OutboxEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(aggregateType, "aggregateType");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
