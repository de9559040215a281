package dev.signport.webhook.delivery;

import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import dev.signport.webhook.support.Receiver.Reply;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.signport.webhook.support.Env.awaitCount;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What goes wrong in production: a receiver that is down for a while, one that hangs (and must not slow the
 * others), and this service dying between sending a delivery and recording it.
 */
@QuarkusTest
class ResilienceTest {

    /** The test profile's per-endpoint cap and timeout. */
    private static final int PER_ENDPOINT = 4;

    @AfterEach
    void noCrashes() {
        Arc.container().instance(DeliveryDispatcher.class).get().onAttemptFinished(null);
    }

    @Test
    void aReceiverThatIsDownAndComesBackGetsEverything() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            receiver.down();
            Set<String> envelopes = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                envelopes.add(Env.sent(key.tenantId()));
            }
            // Every delivery has failed at least once against the closed port...
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                List<Map<String, Object>> d = Env.deliveries(key, hook.id());
                return d.size() == 5 && d.stream().allMatch(x -> "connection refused".equals(x.get("lastError")));
            });
            assertEquals(0, receiver.count());
            // ...and each arrives once the receiver is back.
            receiver.up();
            await().atMost(Duration.ofSeconds(20)).until(() -> Env.deliveries(key, hook.id()).stream()
                    .allMatch(x -> "SUCCEEDED".equals(x.get("status"))));
            Set<String> received = new HashSet<>();
            receiver.requests().forEach(r -> received.add(r.json().get("data").get("envelopeId").asText()));
            assertEquals(envelopes, received);
            assertEquals(5, receiver.count());
        }
    }

    @Test
    void aHangingEndpointDoesNotDelayTheOthers() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver hanging = Receiver.start().respond(r -> Reply.HANG); Receiver healthy = Receiver.start()) {
            Env.Hook dead = Env.webhook(key, hanging.url(), "*");
            Env.Hook alive = Env.webhook(key, healthy.url(), "*");
            int events = 40;
            for (int i = 0; i < events; i++) {
                Env.sent(key.tenantId());
            }
            // The healthy endpoint receives everything while the hanging one still holds its first requests:
            // it took at most its own cap of slots, and nothing waited for its timeout.
            awaitCount(healthy, events);
            int held = hanging.count();
            assertTrue(held <= PER_ENDPOINT, "the hanging endpoint got " + held + " requests");
            assertEquals(held, hanging.open(), "every request to the hanging endpoint is still unanswered");

            // Its attempts time out (5 s in the test profile) and are scheduled again.
            await().atMost(Duration.ofSeconds(20)).until(() -> Env.deliveries(key, dead.id()).stream()
                    .anyMatch(d -> String.valueOf(d.get("lastError")).startsWith("timeout after")));
            assertTrue(Env.deliveries(key, alive.id()).stream().allMatch(d -> "SUCCEEDED".equals(d.get("status"))));
            Env.as(key).delete(Env.WEBHOOKS + "/" + dead.id()).then().statusCode(204);
        }
    }

    @Test
    void aCrashBetweenSendingAndRecordingNeitherLosesNorResendsWhatWasRecorded() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            // The first attempt of every delivery of this endpoint is sent, then "the process dies" before the
            // outcome is written: the claim stays until its lease (8 s in the test profile) runs out.
            Set<String> crashed = ConcurrentHashMap.newKeySet();
            Arc.container().instance(DeliveryDispatcher.class).get().onAttemptFinished(d ->
                    d.webhookId().equals(hook.id()) && crashed.add(d.id()));
            Set<String> envelopes = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                envelopes.add(Env.sent(key.tenantId()));
            }
            awaitCount(receiver, 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> crashed.size() == 5);
            // Retaken after the lease: each message arrives a second time, with the same webhook-id, so the
            // receiver can tell it is a duplicate; then it is recorded.
            await().atMost(Duration.ofSeconds(30)).until(() -> Env.deliveries(key, hook.id()).stream()
                    .allMatch(x -> "SUCCEEDED".equals(x.get("status"))));
            assertEquals(10, receiver.count());
            assertEquals(5, receiver.messageIds().size());
            for (String id : receiver.messageIds()) {
                assertEquals(2, receiver.attemptsOf(id).size());
            }
            Set<String> received = new HashSet<>();
            receiver.requests().forEach(r -> received.add(r.json().get("data").get("envelopeId").asText()));
            assertEquals(envelopes, received);
            // Recorded deliveries are never sent again.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> receiver.count() == 10);
        }
    }
}
