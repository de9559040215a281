package dev.signport.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signport.contracts.Mode;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import dev.signport.webhook.support.Receiver.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static dev.signport.webhook.support.Env.awaitCount;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Envelope events on Kafka become signed Standard Webhooks requests to the right endpoints, once each. */
@QuarkusTest
class DeliveryTest {

    @Test
    void deliversTheEventSignedAsTheReferenceLibraryVerifiesIt() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "envelope.sent");
            String envelopeId = Env.sent(key.tenantId());
            awaitCount(receiver, 1);

            Receiver.Request request = receiver.requests().get(0);
            Env.verify(hook.secret(), request);
            assertEquals("/hooks/signport", request.path());
            assertEquals("receiver.test:" + receiver.port(), request.header("host"));
            assertEquals("application/json", request.header("content-type"));
            assertTrue(request.messageId().startsWith("msg_"), request.messageId());
            long ts = Long.parseLong(request.header("webhook-timestamp"));
            assertTrue(Math.abs(ts - Instant.now().getEpochSecond()) < 60);
            String signature = request.header("webhook-signature");
            assertTrue(signature.startsWith("v1,") && !signature.contains(" "), signature);

            JsonNode body = request.json();
            assertEquals("envelope.sent", body.get("type").asText());
            assertNotNull(Instant.parse(body.get("timestamp").asText()));
            JsonNode data = body.get("data");
            assertEquals(envelopeId, data.get("envelopeId").asText());
            assertEquals(key.tenantId(), data.get("tenantId").asText());
            assertEquals("SENT", data.get("status").asText());
            assertEquals("D-1042", data.get("metadata").get("crmDealId").asText());
            assertTrue(data.get("sequence").isIntegralNumber(), body.toString());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<Map<String, Object>> deliveries = Env.deliveries(key, hook.id());
                assertEquals(1, deliveries.size());
                Map<String, Object> d = deliveries.get(0);
                assertEquals("SUCCEEDED", d.get("status"));
                assertEquals(1, d.get("attempts"));
                assertEquals(200, d.get("lastStatusCode"));
                assertNotNull(d.get("lastLatencyMs"));
                assertEquals(request.messageId(), d.get("messageId"));
                assertEquals("envelope.sent", d.get("eventType"));
                assertFalse(d.containsKey("nextAttemptAt"));
            });
        }
    }

    @Test
    void onlyEnabledMatchingSubscriptionsOfTheEventsTenantReceiveIt() {
        TestKeys.TestKey key = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        try (Receiver sentOnly = Receiver.start(); Receiver all = Receiver.start();
                Receiver completedOnly = Receiver.start(); Receiver disabled = Receiver.start();
                Receiver otherTenant = Receiver.start()) {
            Env.webhook(key, sentOnly.url(), "envelope.sent");
            Env.webhook(key, all.url(), "*");
            Env.webhook(key, completedOnly.url(), "envelope.completed");
            Env.Hook off = Env.webhook(key, disabled.url(), "*");
            Env.json(key).body(Map.of("enabled", false)).patch(Env.WEBHOOKS + "/" + off.id()).then().statusCode(200);
            Env.webhook(other, otherTenant.url(), "*");

            String envelopeId = Env.sent(key.tenantId());
            Env.completed(key.tenantId(), envelopeId);

            awaitCount(all, 2);
            awaitCount(sentOnly, 1);
            awaitCount(completedOnly, 1);
            assertEquals(Set.of("envelope.sent", "envelope.completed"), all.requests().stream()
                    .map(r -> r.json().get("type").asText()).collect(Collectors.toSet()));
            assertEquals("envelope.completed", completedOnly.requests().get(0).json().get("type").asText());
            // Another endpoint gets another webhook-id for the same event.
            assertFalse(all.messageIds().contains(sentOnly.requests().get(0).messageId()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    sentOnly.count() == 1 && completedOnly.count() == 1 && disabled.count() == 0
                            && otherTenant.count() == 0);
        }
    }

    @Test
    void aRedeliveredKafkaRecordIsNotEnqueuedTwice() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            String envelopeId = Env.sent(key.tenantId());
            String eventId = UUID.randomUUID().toString();
            EnvelopeCompleted event = new EnvelopeCompleted(envelopeId, key.tenantId(), Mode.TEST,
                    EnvelopeStatus.COMPLETED, Env.now(), "local", "doc_x", null, Map.of());
            Env.publish(event, eventId, 2);
            Env.publish(event, eventId, 2);
            Env.publish(event, eventId, 2);
            awaitCount(receiver, 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.count() == 2);
            assertEquals(1, Env.count("select count(*) from webhook_delivery where webhook_id = ? and event_id = ?",
                    hook.id(), eventId));
        }
    }

    @Test
    void retriesKeepTheWebhookIdAndSignEveryAttemptAfresh() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        AtomicInteger calls = new AtomicInteger();
        try (Receiver receiver = Receiver.start().respond(r -> calls.incrementAndGet() <= 2
                ? Reply.status(500) : Reply.OK)) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "envelope.sent");
            Env.sent(key.tenantId());
            awaitCount(receiver, 3);
            List<Receiver.Request> attempts = receiver.requests();
            assertEquals(1, receiver.messageIds().size());
            for (Receiver.Request r : attempts) {
                Env.verify(hook.secret(), r);
                assertEquals(attempts.get(0).body(), r.body());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> d = Env.deliveries(key, hook.id()).get(0);
                assertEquals("SUCCEEDED", d.get("status"));
                assertEquals(3, d.get("attempts"));
            });
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> receiver.count() == 3);
        }
    }
}
