package dev.signport.platform.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.platform.config.OutboxConfig;
import dev.signport.platform.testapp.WidgetService;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** State change and event commit together; the relay publishes CloudEvents at least once, in order. */
@QuarkusTest
class OutboxTest {

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static String create(TestKeys.TestKey key, String name, String traceparent) {
        var spec = given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"quantity\": 2}");
        if (traceparent != null) {
            spec = spec.header("traceparent", traceparent);
        }
        return spec.post("/api/v1/widgets").then().extract().path("id");
    }

    @Test
    void eventsArePublishedAsBinaryCloudEventsKeyedByAggregate() {
        TestKeys.TestKey key = TestKeys.create();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (KafkaProbe probe = new KafkaProbe(WidgetService.TOPIC)) {
            Instant before = Instant.now();
            String id = create(key, "published", "00-" + traceId + "-00f067aa0ba902b7-01");
            given().header("Authorization", key.bearer()).contentType("text/plain").body("renamed")
                    .patch("/api/v1/widgets/" + id).then().statusCode(200);

            List<ConsumerRecord<String, String>> records = probe.awaitCount(r -> id.equals(r.key()), 2)
                    .stream().filter(r -> id.equals(r.key())).toList();
            ConsumerRecord<String, String> created = records.get(0);
            assertEquals("1.0", KafkaProbe.header(created, CloudEventHeaders.CE_SPECVERSION));
            assertEquals("widget.created", KafkaProbe.header(created, CloudEventHeaders.CE_TYPE));
            assertEquals("/signport/platform-test", KafkaProbe.header(created, CloudEventHeaders.CE_SOURCE));
            assertEquals(id, KafkaProbe.header(created, CloudEventHeaders.CE_SUBJECT));
            assertEquals(key.tenantId(), KafkaProbe.header(created, CloudEventHeaders.CE_TENANTID));
            assertEquals(1L, CloudEventHeaders.parseSequence(KafkaProbe.header(created, CloudEventHeaders.CE_SEQUENCE)));
            assertEquals("application/json", KafkaProbe.header(created, CloudEventHeaders.CONTENT_TYPE));
            assertNotNull(UUID.fromString(KafkaProbe.header(created, CloudEventHeaders.CE_ID)));
            assertTrue(!Instant.parse(KafkaProbe.header(created, CloudEventHeaders.CE_TIME)).isBefore(
                    before.minusSeconds(5)));
            String traceparent = KafkaProbe.header(created, CloudEventHeaders.TRACEPARENT);
            assertNotNull(traceparent, "W3C trace context is carried");
            assertTrue(traceparent.startsWith("00-" + traceId + "-"), traceparent);
            assertTrue(created.value().contains("\"name\":\"published\""), created.value());

            ConsumerRecord<String, String> renamed = records.get(1);
            assertEquals("widget.renamed", KafkaProbe.header(renamed, CloudEventHeaders.CE_TYPE));
            assertEquals(2L, CloudEventHeaders.parseSequence(KafkaProbe.header(renamed, CloudEventHeaders.CE_SEQUENCE)));
            assertEquals(created.partition(), renamed.partition());
        }
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        TestKeys.TestKey key = TestKeys.create();
        try (KafkaProbe probe = new KafkaProbe(WidgetService.TOPIC)) {
            given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                    .body("{\"name\": \"explode-after-outbox\", \"quantity\": 1}")
                    .post("/api/v1/widgets").then().statusCode(500);
            String marker = create(key, "marker", null);
            List<ConsumerRecord<String, String>> seen = probe.awaitRecord(r -> marker.equals(r.key()));
            assertTrue(seen.stream().noneMatch(r -> r.value().contains("explode-after-outbox")),
                    "an event of a rolled-back transaction was published");
        }
    }

    @Test
    void aCrashBetweenPublishAndMarkDuplicatesButNeverLoses() {
        TestKeys.TestKey key = TestKeys.create();
        AtomicBoolean crashed = new AtomicBoolean();
        relay.onBeforeMark(() -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("simulated crash after publish, before mark");
            }
        });
        try (KafkaProbe probe = new KafkaProbe(WidgetService.TOPIC)) {
            String id = create(key, "crash", null);
            List<ConsumerRecord<String, String>> copies = probe.awaitCount(r -> id.equals(r.key()), 2);
            assertTrue(crashed.get());
            assertEquals(KafkaProbe.header(copies.get(0), CloudEventHeaders.CE_ID),
                    KafkaProbe.header(copies.get(1), CloudEventHeaders.CE_ID),
                    "the republished event keeps its id, so consumers de-duplicate it");
        } finally {
            relay.onBeforeMark(null);
        }
    }

    @Test
    void perAggregateOrderHoldsWithTwoRelayReplicas() throws Exception {
        OutboxRelay second = new OutboxRelay(dataSource, config, new SimpleMeterRegistry(), bootstrap);
        second.start(null);
        TestKeys.TestKey key = TestKeys.create();
        try (KafkaProbe probe = new KafkaProbe(WidgetService.TOPIC)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(create(key, "ordered-" + i, null));
            }
            int renames = 15;
            for (int r = 0; r < renames; r++) {
                for (String id : ids) {
                    given().header("Authorization", key.bearer()).contentType("text/plain").body("v" + r)
                            .patch("/api/v1/widgets/" + id).then().statusCode(200);
                }
            }
            List<ConsumerRecord<String, String>> records = probe.awaitCount(r -> ids.contains(r.key()),
                    ids.size() * (renames + 1));
            Map<String, List<Long>> sequences = new HashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                sequences.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(CloudEventHeaders.parseSequence(KafkaProbe.header(r, CloudEventHeaders.CE_SEQUENCE)));
            }
            for (String id : ids) {
                List<Long> expected = new ArrayList<>();
                for (long s = 1; s <= renames + 1; s++) {
                    expected.add(s);
                }
                assertEquals(expected, sequences.get(id), "order of " + id);
            }
        } finally {
            second.stop(null);
        }
    }

    @Test
    void sequencesCountPerTopicAndAggregate() throws Throwable {
        String aggregate = "agg-" + UUID.randomUUID();
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> io.quarkus.hibernate.reactive.panache.Panache
                .withTransaction(() -> outbox.append(new OutboxEvent("signport.test-seq-a.v1", "test", aggregate, "t", "a", Map.of()))
                        .chain(() -> outbox.append(new OutboxEvent("signport.test-seq-b.v1", "test", aggregate, "t", "b", Map.of())))
                        .chain(() -> outbox.append(new OutboxEvent("signport.test-seq-a.v1", "test", aggregate, "t", "a", Map.of())))));
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "select topic, last_sequence from outbox_topic_sequence where aggregate_id = ? order by topic")) {
            ps.setString(1, aggregate);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                Map<String, Long> last = new HashMap<>();
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getLong(2));
                }
                // No gap on either topic: a's events are 1, 2 and b's is 1.
                assertEquals(Map.of("signport.test-seq-a.v1", 2L, "signport.test-seq-b.v1", 1L), last);
            }
        }
    }

    @Test
    void withoutRetentionPublishedRowsAreDeletedAndLagIsExported() throws Exception {
        relay.retainPublished(java.time.Duration.ZERO);
        TestKeys.TestKey key = TestKeys.create();
        try (KafkaProbe probe = new KafkaProbe(WidgetService.TOPIC)) {
            String id = create(key, "deleted-once-published", null);
            probe.awaitRecord(r -> id.equals(r.key()));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                        "select count(*) from outbox where aggregate_id = ?")) {
                    ps.setString(1, id);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) == 0;
                    }
                }
            });
        } finally {
            relay.retainPublished(config.retention());
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("signport_outbox_lag_seconds"), "outbox lag gauge");
        assertTrue(metrics.contains("signport_outbox_published_total"), "relay throughput counter");
        assertTrue(metrics.contains("signport_auth_replica_staleness_seconds"), "API key replica staleness gauge");
        assertTrue(metrics.contains("signport_ratelimit_decisions_total"), "rate-limit decisions by outcome");
    }
}
