package dev.signport.platform.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKafka;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Redelivered events change nothing; a poison record goes to the dead-letter topic and the rest flows. */
@QuarkusTest
class InboxTest {

    private static final String TOPIC = "signport.test-widget-commands.v1";

    @Inject
    AgroalDataSource dataSource;

    private int hits(String name) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("select hits from widget_counter where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static void send(String eventId, String body) {
        send(eventId, body, "k-" + body);
    }

    private static void send(String eventId, String body, String key) {
        TestKafka.send(TOPIC, key, body, Map.of(CloudEventHeaders.CE_ID, eventId,
                CloudEventHeaders.CE_SPECVERSION, "1.0", CloudEventHeaders.CE_TYPE, "widget.count"));
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String name = "counter-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        send(eventId, name);
        send(eventId, name);
        // Same key, so the same partition: once "after" is applied, both copies before it were handled.
        send(UUID.randomUUID().toString(), after, "k-" + name);
        await().atMost(Duration.ofSeconds(30)).until(() -> hits(after) == 1);
        assertEquals(1, hits(name));
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndDoesNotBlockThePartition() throws Exception {
        try (KafkaProbe dlq = new KafkaProbe("signport.dead-letter.v1")) {
            String poison = "poison-" + UUID.randomUUID();
            String poisonId = UUID.randomUUID().toString();
            String next = "next-" + UUID.randomUUID();
            // Same key, so the same partition: the record behind the poison one must still flow.
            String key = "same-" + UUID.randomUUID();
            send(poisonId, poison, key);
            send(UUID.randomUUID().toString(), next, key);
            var records = dlq.awaitRecord(r -> poison.equals(r.value()));
            var dead = records.stream().filter(r -> poison.equals(r.value())).findFirst().orElseThrow();
            assertEquals(poisonId, KafkaProbe.header(dead, CloudEventHeaders.CE_ID));
            await().atMost(Duration.ofSeconds(30)).until(() -> hits(next) == 1);
        }
    }

    @Test
    void aTransientFailureIsRetriedUntilItPassesNeverDeadLettered() throws Exception {
        try (KafkaProbe dlq = new KafkaProbe("signport.dead-letter.v1")) {
            String flaky = "flaky-" + UUID.randomUUID();
            String next = "next-" + UUID.randomUUID();
            String key = "same-" + UUID.randomUUID();
            send(UUID.randomUUID().toString(), flaky, key);
            send(UUID.randomUUID().toString(), next, key);
            // Three failed attempts (a "database blip"), then applied once; the record behind it waited.
            await().atMost(Duration.ofSeconds(30)).until(() -> hits(next) == 1);
            assertEquals(1, hits(flaky));
            assertEquals(4, dev.signport.platform.testapp.WidgetCommandConsumer.ATTEMPTS.get(flaky).get());
            org.junit.jupiter.api.Assertions.assertTrue(dlq.poll().stream().noneMatch(r -> flaky.equals(r.value())),
                    "a transient failure must not be dead-lettered");
        }
    }
}
