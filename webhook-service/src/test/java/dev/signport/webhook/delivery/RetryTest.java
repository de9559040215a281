package dev.signport.webhook.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.webhook.WebhookEndpointDisabled;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import dev.signport.webhook.support.Receiver.Reply;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.signport.webhook.support.Env.awaitCount;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retry schedule (shortened in the test profile to 0, 200 ms, 400 ms, 800 ms, 1.6 s, 3.2 s: six attempts),
 * dead-lettering and manual retry, and how each kind of answer is treated: 3xx, 410, Retry-After, big bodies,
 * and an endpoint failing for longer than {@code disable-after}.
 */
@QuarkusTest
class RetryTest {

    /** The test profile's pauses before attempts 2..6. */
    private static final long[] PAUSES_MS = {200, 400, 800, 1600, 3200};

    @Test
    void failedDeliveriesFollowTheScheduleThenAreDeadLetteredAndCanBeRetriedByHand() {
        TestKeys.TestKey key = TestKeys.create();
        AtomicInteger status = new AtomicInteger(500);
        try (Receiver receiver = Receiver.start().respond(r -> Reply.status(status.get()))) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            Env.sent(key.tenantId());
            awaitCount(receiver, 6);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> d = Env.deliveries(key, hook.id()).get(0);
                assertEquals("DEAD", d.get("status"));
                assertEquals(6, d.get("attempts"));
                assertEquals(500, d.get("lastStatusCode"));
                assertFalse(d.containsKey("nextAttemptAt"));
            });
            List<Receiver.Request> attempts = receiver.requests();
            for (int i = 1; i < attempts.size(); i++) {
                long gapMs = (attempts.get(i).nanos() - attempts.get(i - 1).nanos()) / 1_000_000;
                assertTrue(gapMs >= PAUSES_MS[i - 1] - 20, "pause before attempt " + (i + 1) + " was " + gapMs
                        + " ms, scheduled " + PAUSES_MS[i - 1]);
            }
            // Dead-lettered: nothing more is sent...
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.count() == 6);

            // ...until its owner retries it by hand.
            status.set(200);
            String deliveryId = (String) Env.deliveries(key, hook.id()).get(0).get("id");
            Env.as(key).post(Env.WEBHOOKS + "/" + hook.id() + "/deliveries/" + deliveryId + "/retry")
                    .then().statusCode(202);
            awaitCount(receiver, 7);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> d = Env.deliveries(key, hook.id()).get(0);
                assertEquals("SUCCEEDED", d.get("status"));
                assertEquals(7, d.get("attempts"));
            });
            assertEquals(1, receiver.messageIds().size());
        }
    }

    @Test
    void goneDisablesTheEndpointAndTellsItsOwnerOnKafka() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start().respond(r -> Reply.status(410));
                KafkaProbe probe = new KafkaProbe(Topics.WEBHOOK_EVENTS)) {
            Env.Hook hook = Env.webhook(key, receiver.url() + "?token=abc", "*");
            Env.sent(key.tenantId());

            List<ConsumerRecord<String, String>> seen = probe.awaitRecord(r -> hook.id().equals(r.key()));
            ConsumerRecord<String, String> record = seen.stream().filter(r -> hook.id().equals(r.key())).findFirst()
                    .orElseThrow();
            assertEquals(WebhookEndpointDisabled.TYPE, KafkaProbe.header(record, "ce_type"));
            assertEquals(key.tenantId(), KafkaProbe.header(record, "ce_tenantid"));
            JsonNode event = Env.MAPPER.readTree(record.value());
            assertEquals("ENDPOINT_GONE", event.get("reason").asText());
            assertEquals(410, event.get("lastResponseStatus").asInt());
            // The query (a token, perhaps) stays out of the notification.
            assertEquals(receiver.url(), event.get("url").asText());

            Env.as(key).get(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(200)
                    .body("enabled", org.hamcrest.Matchers.equalTo(false))
                    .body("disabledReason", org.hamcrest.Matchers.equalTo("ENDPOINT_GONE"));
            assertEquals(1, receiver.count());

            // Disabled: later events are not delivered, and test sends are refused.
            Env.sent(key.tenantId());
            Env.as(key).post(Env.WEBHOOKS + "/" + hook.id() + "/test").then().statusCode(409)
                    .contentType("application/problem+json");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.count() == 1);

            // Re-enabled by its owner: the paused delivery resumes.
            receiver.respond(r -> Reply.OK);
            Env.json(key).body(Map.of("enabled", true)).patch(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(200);
            awaitCount(receiver, 2);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void throttlingAnswersAreRetriedNoEarlierThanTheirRetryAfter() {
        TestKeys.TestKey key = TestKeys.create();
        AtomicInteger calls = new AtomicInteger();
        try (Receiver receiver = Receiver.start().respond(r -> calls.incrementAndGet() == 1
                ? Reply.status(503, "Retry-After", "2") : Reply.OK)) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            Env.sent(key.tenantId());
            awaitCount(receiver, 2);
            List<Receiver.Request> r = receiver.requests();
            long gapMs = (r.get(1).nanos() - r.get(0).nanos()) / 1_000_000;
            // The schedule says 200 ms; the receiver asked for 2 s.
            assertTrue(gapMs >= 1900, "retried after " + gapMs + " ms despite Retry-After: 2");
            assertEquals(r.get(0).messageId(), r.get(1).messageId());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertEquals("SUCCEEDED", Env.deliveries(key, hook.id()).get(0).get("status")));
        }
    }

    @Test
    void redirectsAreNotFollowedAndCountAsFailures() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            receiver.respond(r -> r.path().startsWith("/hooks")
                    ? Reply.status(302, "Location", "http://receiver.test:" + receiver.port() + "/elsewhere")
                    : Reply.OK);
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            Env.sent(key.tenantId());
            awaitCount(receiver, 2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> d = Env.deliveries(key, hook.id()).get(0);
                assertEquals(302, d.get("lastStatusCode"));
                assertEquals("redirect not followed (302)", d.get("lastError"));
                assertEquals("PENDING", d.get("status"));
            });
            assertTrue(receiver.requests().stream().allMatch(r -> r.path().startsWith("/hooks")));
            Env.as(key).delete(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(204);
        }
    }

    @Test
    void responseBodiesAreStoredTruncatedToFourKilobytes() {
        TestKeys.TestKey key = TestKeys.create();
        String big = "x".repeat(10_000);
        try (Receiver receiver = Receiver.start().respond(r -> new Reply(400, Map.of(), big))) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            Env.sent(key.tenantId());
            awaitCount(receiver, 1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String id = (String) Env.deliveries(key, hook.id()).get(0).get("id");
                String body = Env.as(key).get(Env.WEBHOOKS + "/" + hook.id() + "/deliveries/" + id).then()
                        .statusCode(200).extract().path("lastResponseBody");
                assertEquals(4096, body.length());
            });
            Env.as(key).delete(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(204);
        }
    }

    @Test
    void anEndpointFailingForLongerThanDisableAfterIsDisabled() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start().respond(r -> Reply.status(503));
                KafkaProbe probe = new KafkaProbe(Topics.WEBHOOK_EVENTS)) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            Env.sent(key.tenantId());
            await().atMost(Duration.ofSeconds(10)).until(() -> Env.count(
                    "select count(*) from webhook_endpoint where id = ? and failing_since is not null", hook.id()) == 1);
            // Its failures started six days ago, as far as the service knows (the default disable-after is 5 days).
            Instant sixDaysAgo = Instant.now().minus(Duration.ofDays(6));
            Env.execute("update webhook_endpoint set failing_since = ? where id = ?",
                    java.sql.Timestamp.from(sixDaysAgo), hook.id());

            ConsumerRecord<String, String> record = probe.awaitRecord(r -> hook.id().equals(r.key())).stream()
                    .filter(r -> hook.id().equals(r.key())).findFirst().orElseThrow();
            JsonNode event = Env.MAPPER.readTree(record.value());
            assertEquals("REPEATED_FAILURES", event.get("reason").asText());
            assertEquals(503, event.get("lastResponseStatus").asInt());
            assertEquals("HTTP 503", event.get("lastError").asText());
            Instant since = Instant.parse(event.get("failingSince").asText());
            assertTrue(Math.abs(Duration.between(since, sixDaysAgo).toSeconds()) < 2, since.toString());
            Env.as(key).get(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(200)
                    .body("enabled", org.hamcrest.Matchers.equalTo(false))
                    .body("disabledReason", org.hamcrest.Matchers.equalTo("REPEATED_FAILURES"));
        }
    }
}
