package dev.signport.webhook.messaging;

import dev.signport.contracts.DeadLetterHeaders;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.signport.webhook.support.Env.awaitCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record that can never be delivered goes to the dead-letter topic alone; the events around it are delivered. */
@QuarkusTest
class PoisonRecordTest {

    @Test
    void unreadableRecordsAreDeadLetteredAndTheRestIsDelivered() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start(); KafkaProbe deadLetters = new KafkaProbe(Topics.DEAD_LETTER)) {
            Env.webhook(key, receiver.url(), "*");
            String notJson = Ids.newId("env");
            String noTenant = Ids.newId("env");
            String noId = Ids.newId("env");
            String before = Env.sent(key.tenantId());
            Env.publishRaw(notJson, "{not json", Map.of(CloudEventHeaders.CE_ID, UUID.randomUUID().toString(),
                    CloudEventHeaders.CE_TYPE, "envelope.sent"));
            Env.publishRaw(noTenant, "{\"type\":\"envelope.sent\",\"envelopeId\":\"" + noTenant + "\"}",
                    Map.of(CloudEventHeaders.CE_ID, UUID.randomUUID().toString()));
            Env.publishRaw(noId, "{\"type\":\"envelope.sent\",\"tenantId\":\"" + key.tenantId() + "\"}", Map.of());
            String after = Env.sent(key.tenantId());

            for (String k : new String[] {notJson, noTenant, noId}) {
                ConsumerRecord<String, String> dead = deadLetters.awaitRecord(r -> k.equals(r.key())).stream()
                        .filter(r -> k.equals(r.key())).findFirst().orElseThrow();
                assertEquals(Topics.ENVELOPE_EVENTS, KafkaProbe.header(dead, DeadLetterHeaders.TOPIC));
                assertTrue(KafkaProbe.header(dead, DeadLetterHeaders.REASON) != null);
            }
            awaitCount(receiver, 2);
            assertEquals(1, receiver.forEnvelope(before).size());
            assertEquals(1, receiver.forEnvelope(after).size());
        }
    }
}
