package dev.signport.webhook.store;

import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.delivery.DeliveryMaintenance;
import dev.signport.webhook.support.Env;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The periodic chores: events older than the retention are deleted with their deliveries (younger ones stay for
 * replay), and the backlog metrics see due deliveries nobody sends.
 */
@QuarkusTest
class MaintenanceTest {

    @Test
    void eventsPastTheRetentionGoWithTheirDeliveries() {
        TestKeys.TestKey key = TestKeys.create();
        // Subscribed to nothing it will receive here: the rows below are the only ones of this webhook.
        String webhookId = Env.webhook(key, "https://public.test/hooks", "envelope.expired").id();
        String old = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        Env.execute("insert into webhook_event(event_id, tenant_id, type, occurred_at, received_at, body) values"
                + " (?, ?, 'envelope.sent', now() - interval '31 days', now() - interval '31 days', '{}'),"
                + " (?, ?, 'envelope.sent', now() - interval '29 days', now() - interval '29 days', '{}')",
                old, key.tenantId(), young, key.tenantId());
        for (String eventId : new String[] {old, young}) {
            Env.execute("insert into webhook_delivery(id, tenant_id, webhook_id, event_id, event_type, message_id,"
                    + " status, attempts, created_at, completed_at) values (?, ?, ?, ?, 'envelope.sent', 'msg_x',"
                    + " 'SUCCEEDED', 1, now(), now())", Ids.newId("dlv"), key.tenantId(), webhookId, eventId);
        }
        long purged = Arc.container().instance(DeliveryMaintenance.class).get().purge().await()
                .atMost(Duration.ofSeconds(30));
        assertEquals(true, purged >= 1);
        assertEquals(0, Env.count("select count(*) from webhook_event where event_id = ?", old));
        assertEquals(1, Env.count("select count(*) from webhook_event where event_id = ?", young));
        assertEquals(1, Env.count("select count(*) from webhook_delivery where webhook_id = ?", webhookId));
    }

    @Test
    void theBacklogShowsDueDeliveriesAndTheirAge() {
        TestKeys.TestKey key = TestKeys.create();
        String webhookId = Env.webhook(key, "https://public.test/hooks", "*").id();
        // Paused by a Retry-After: its due delivery waits, as a stuck one would.
        Env.execute("update webhook_endpoint set paused_until = now() + interval '1 hour' where id = ?", webhookId);
        String eventId = UUID.randomUUID().toString();
        Env.execute("insert into webhook_event(event_id, tenant_id, type, occurred_at, received_at, body) values"
                + " (?, ?, 'envelope.sent', now(), now(), '{}')", eventId, key.tenantId());
        Env.execute("insert into webhook_delivery(id, tenant_id, webhook_id, event_id, event_type, message_id, status,"
                + " attempts, next_attempt_at, created_at) values (?, ?, ?, ?, 'envelope.sent', 'msg_y', 'PENDING', 1,"
                + " now() - interval '10 minutes', now())", Ids.newId("dlv"), key.tenantId(), webhookId, eventId);
        DeliveryStore.Backlog backlog = Arc.container().instance(DeliveryStore.class).get().backlog().await()
                .atMost(Duration.ofSeconds(30));
        assertEquals(true, backlog.due() >= 1);
        assertEquals(true, backlog.oldest().toMinutes() >= 9, backlog.toString());
        Env.as(key).delete(Env.WEBHOOKS + "/" + webhookId).then().statusCode(204);
    }
}
