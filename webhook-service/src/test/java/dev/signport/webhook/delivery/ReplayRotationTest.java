package dev.signport.webhook.delivery;

import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.signport.webhook.support.Env.awaitCount;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay of a time window, secret rotation with its overlap, and the test event. */
@QuarkusTest
class ReplayRotationTest {

    @Test
    void replaySendsEveryEventOfTheWindowAgainWithTheSameWebhookIds() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver early = Receiver.start(); Receiver late = Receiver.start()) {
            Env.Hook sentOnly = Env.webhook(key, early.url(), "envelope.sent");
            Instant before = Instant.now().minusSeconds(1);
            String first = Env.sent(key.tenantId());
            Env.completed(key.tenantId(), first);
            Env.sent(key.tenantId());
            Env.sent(key.tenantId());
            awaitCount(early, 3);
            Instant after = Instant.now().plusSeconds(1);

            // An endpoint created after the events gets all four (it subscribes to everything)...
            Env.Hook everything = Env.webhook(key, late.url(), "*");
            Env.json(key).body(Map.of("since", before.toString(), "until", after.toString()))
                    .post(Env.WEBHOOKS + "/" + everything.id() + "/replay")
                    .then().statusCode(202).body("enqueued", equalTo(4));
            awaitCount(late, 4);
            Set<String> types = new HashSet<>();
            late.requests().forEach(r -> types.add(r.json().get("type").asText()));
            assertEquals(Set.of("envelope.sent", "envelope.completed"), types);

            // ...and a replay to the first endpoint re-sends what it had, under the ids it already saw.
            Set<String> firstIds = early.messageIds();
            Env.as(key).queryParam("since", before.toString()).post(Env.WEBHOOKS + "/" + sentOnly.id() + "/replay")
                    .then().statusCode(202).body("enqueued", equalTo(3));
            awaitCount(early, 6);
            assertEquals(firstIds, early.messageIds());
            await().atMost(Duration.ofSeconds(10)).until(() -> Env.deliveries(key, sentOnly.id()).stream()
                    .allMatch(d -> "SUCCEEDED".equals(d.get("status"))));

            // A window that ends before the events holds none of them.
            Env.json(key).body(Map.of("since", before.minusSeconds(60).toString(), "until", before.toString()))
                    .post(Env.WEBHOOKS + "/" + everything.id() + "/replay")
                    .then().statusCode(202).body("enqueued", equalTo(0));
        }
    }

    @Test
    void replayIsValidated() {
        TestKeys.TestKey key = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        Env.Hook hook = Env.webhook(key, "https://public.test/hooks", "*");
        String path = Env.WEBHOOKS + "/" + hook.id() + "/replay";
        Instant now = Instant.now();
        Env.json(key).body(Map.of()).post(path).then().statusCode(400).body("errors[0].field", equalTo("since"));
        Env.json(key).body(Map.of("since", now.toString(), "until", now.minusSeconds(5).toString())).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("until"));
        Env.json(key).body(Map.of("since", "yesterday")).post(path).then().statusCode(400)
                .contentType("application/problem+json");
        Env.json(other).body(Map.of("since", now.toString())).post(path).then().statusCode(404);
    }

    @Test
    void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            String rotatedSecret = Env.as(key).post(Env.WEBHOOKS + "/" + hook.id() + "/rotate-secret").then()
                    .statusCode(200).body("id", equalTo(hook.id())).body("secret", startsWith("whsec_"))
                    .extract().path("secret");
            assertNotEquals(hook.secret(), rotatedSecret);
            String expires = Env.as(key).get(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(200)
                    .extract().path("previousSecretExpiresAt");
            long overlapHours = Duration.between(Instant.now(), Instant.parse(expires)).toHours();
            assertTrue(overlapHours >= 23 && overlapHours <= 24, expires);

            Env.sent(key.tenantId());
            awaitCount(receiver, 1);
            Receiver.Request during = receiver.requests().get(0);
            assertEquals(2, during.header("webhook-signature").split(" ").length);
            Env.verify(rotatedSecret, during);
            Env.verify(hook.secret(), during);

            // The overlap is over: only the new secret signs.
            Env.execute("update webhook_endpoint set previous_secret_expires_at = now() - interval '1 second'"
                    + " where id = ?", hook.id());
            Env.sent(key.tenantId());
            awaitCount(receiver, 2);
            Receiver.Request afterwards = receiver.requests().get(1);
            assertEquals(1, afterwards.header("webhook-signature").split(" ").length);
            Env.verify(rotatedSecret, afterwards);
            assertThrows(WebhookVerificationException.class, () -> Env.verify(hook.secret(), afterwards));
        }
    }

    @Test
    void theTestEventReachesTheEndpointWhateverItSubscribesTo() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "envelope.completed");
            String deliveryId = Env.as(key).post(Env.WEBHOOKS + "/" + hook.id() + "/test").then().statusCode(202)
                    .body("eventType", equalTo("webhook.test")).body("status", equalTo("PENDING"))
                    .extract().path("id");
            awaitCount(receiver, 1);
            Receiver.Request r = receiver.requests().get(0);
            Env.verify(hook.secret(), r);
            assertEquals("webhook.test", r.json().get("type").asText());
            assertEquals(hook.id(), r.json().get("data").get("webhookId").asText());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<Map<String, Object>> d = Env.deliveries(key, hook.id());
                assertEquals(deliveryId, d.get(0).get("id"));
                assertEquals("SUCCEEDED", d.get(0).get("status"));
            });
            // A test event is the endpoint's own: a replay does not send it again.
            Env.as(key).queryParam("since", Instant.now().minusSeconds(60).toString())
                    .post(Env.WEBHOOKS + "/" + hook.id() + "/replay")
                    .then().statusCode(202).body("enqueued", equalTo(0));
        }
    }
}
