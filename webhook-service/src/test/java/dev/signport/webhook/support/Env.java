package dev.signport.webhook.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.cloudevents.EventSources;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.contracts.envelope.EnvelopeSent;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.TestKafka;
import dev.signport.platform.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/** What the webhook tests share: API calls as a tenant, envelope events published as envelope-service would. */
public final class Env {

    public static final String WEBHOOKS = "/api/v1/webhooks";
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final AtomicLong SEQUENCE = new AtomicLong(1);

    private Env() {
    }

    public static RequestSpecification as(TestKeys.TestKey key) {
        return RestAssured.given().header("Authorization", key.bearer());
    }

    public static RequestSpecification json(TestKeys.TestKey key) {
        return as(key).contentType(ContentType.JSON);
    }

    /** A webhook of the tenant subscribed to {@code events}; returns id and secret. */
    public record Hook(String id, String secret) {
    }

    public static Hook webhook(TestKeys.TestKey key, String url, String... events) {
        ValidatableResponse r = json(key).body(Map.of("url", url, "events", List.of(events))).post(WEBHOOKS)
                .then().statusCode(201);
        return new Hook(r.extract().path("id"), r.extract().path("secret"));
    }

    /** The webhook's deliveries as the API lists them (first page, up to 100). */
    public static List<Map<String, Object>> deliveries(TestKeys.TestKey key, String webhookId) {
        return as(key).get(WEBHOOKS + "/" + webhookId + "/deliveries?limit=100").then().statusCode(200)
                .extract().path("data");
    }

    /** An {@code envelope.sent} of a new envelope of the tenant; returns the envelope id. */
    public static String sent(String tenantId) {
        String envelopeId = Ids.newId("env");
        publish(new EnvelopeSent(envelopeId, tenantId, Mode.TEST, EnvelopeStatus.SENT, now(), "local",
                null, Map.of("crmDealId", "D-1042")), UUID.randomUUID().toString(), SEQUENCE.getAndIncrement());
        return envelopeId;
    }

    public static String completed(String tenantId, String envelopeId) {
        String eventId = UUID.randomUUID().toString();
        publish(new EnvelopeCompleted(envelopeId, tenantId, Mode.TEST, EnvelopeStatus.COMPLETED, now(), "local",
                Ids.newId("doc"), null, Map.of()), eventId, SEQUENCE.getAndIncrement());
        return eventId;
    }

    /** Publishes {@code event} with the CloudEvents headers envelope-service's outbox relay writes. */
    public static void publish(EnvelopeEvent event, String eventId, long sequence) {
        try {
            String json = MAPPER.writerFor(EnvelopeEvent.class).writeValueAsString(event);
            Map<String, String> h = new HashMap<>();
            h.put(CloudEventHeaders.CE_ID, eventId);
            h.put(CloudEventHeaders.CE_SOURCE, EventSources.ENVELOPE_SERVICE);
            h.put(CloudEventHeaders.CE_TYPE, event.type());
            h.put(CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
            h.put(CloudEventHeaders.CE_TIME, event.occurredAt().toString());
            h.put(CloudEventHeaders.CE_SUBJECT, event.envelopeId());
            h.put(CloudEventHeaders.CE_TENANTID, event.tenantId());
            h.put(CloudEventHeaders.CE_SEQUENCE, CloudEventHeaders.formatSequence(sequence));
            h.put(CloudEventHeaders.CE_PARTITIONKEY, event.envelopeId());
            h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            TestKafka.send(Topics.ENVELOPE_EVENTS, event.envelopeId(), json, h);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw record, for malformed-input tests. */
    public static void publishRaw(String key, String value, Map<String, String> headers) {
        TestKafka.send(Topics.ENVELOPE_EVENTS, key, value, headers);
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public static void awaitCount(Receiver receiver, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.count() >= n);
    }

    public static long count(String sql, Object... args) {
        return ((Number) query(sql, args).get(0)[0]).longValue();
    }

    public static List<Object[]> query(String sql, Object... args) {
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql, Object... args) {
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies with the reference Standard Webhooks library; throws when the signature does not match. */
    public static void verify(String secret, Receiver.Request r) throws Exception {
        new com.standardwebhooks.Webhook(secret).verify(r.body(), r.headers());
    }
}
