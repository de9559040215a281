package dev.signport.webhook.store;

import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replicas share the work without sending anything twice: concurrent claims (four "replicas" here, plus this
 * application's own workers) never return the same delivery, and a claim is exclusive until its lease ends.
 */
@QuarkusTest
class ClaimTest {

    @Test
    void concurrentClaimsNeverShareADelivery() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        DeliveryStore store = Arc.container().instance(DeliveryStore.class).get();
        try (Receiver receiver = Receiver.start()) {
            String webhookId = Env.webhook(key, receiver.url(), "*").id();
            int n = 300;
            for (int i = 0; i < n; i++) {
                String eventId = UUID.randomUUID().toString();
                Env.execute("insert into webhook_event(event_id, tenant_id, type, occurred_at, received_at, body)"
                        + " values (?, ?, 'envelope.sent', now(), now(), '{}')", eventId, key.tenantId());
                Env.execute("insert into webhook_delivery(id, tenant_id, webhook_id, event_id, event_type, message_id,"
                        + " status, attempts, next_attempt_at, created_at) values (?, ?, ?, ?, 'envelope.sent', ?,"
                        + " 'PENDING', 0, now(), now())", Ids.newId("dlv"), key.tenantId(), webhookId, eventId,
                        "msg_" + i);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<DeliveryStore.Claimed>>> replicas = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                Callable<List<DeliveryStore.Claimed>> replica = () -> {
                    List<DeliveryStore.Claimed> mine = new ArrayList<>();
                    while (true) {
                        List<DeliveryStore.Claimed> got = store.claim(UUID.randomUUID(), Duration.ofMinutes(5), 7,
                                new String[0], 20).await().atMost(Duration.ofSeconds(30));
                        if (got.isEmpty()) {
                            return mine;
                        }
                        mine.addAll(got);
                    }
                };
                replicas.add(pool.submit(replica));
            }
            Set<String> seen = new HashSet<>();
            Set<String> messages = new HashSet<>();
            int claimedHere = 0;
            for (Future<List<DeliveryStore.Claimed>> f : replicas) {
                for (DeliveryStore.Claimed c : f.get()) {
                    assertTrue(seen.add(c.id()), c.id() + " was claimed twice");
                    messages.add(c.messageId());
                    assertEquals(c.owner().toString(), Env.query(
                            "select cast(claim_owner as text) from webhook_delivery where id = ?", c.id()).get(0)[0]);
                    claimedHere++;
                }
            }
            pool.shutdown();
            // What the four did not take, this application's workers took (and sent); nothing is left behind.
            int byWorkers = n - claimedHere;
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.count() >= byWorkers);
            assertEquals(byWorkers, receiver.count());
            assertEquals(0, Env.count("select count(*) from webhook_delivery where webhook_id = ? and status = 'PENDING'"
                    + " and (claimed_until is null or claimed_until < now())", webhookId));
            for (Receiver.Request r : receiver.requests()) {
                assertTrue(!messages.contains(r.messageId()), r.messageId() + " was claimed here and sent there");
            }
            Env.as(key).delete(Env.WEBHOOKS + "/" + webhookId).then().statusCode(204);
        }
    }
}
