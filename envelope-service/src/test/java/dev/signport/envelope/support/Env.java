package dev.signport.envelope.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.document.DocumentEvent;
import dev.signport.contracts.document.DocumentUploaded;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.TestKafka;
import dev.signport.platform.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** What the envelope tests share: keys, documents and capabilities as their topics announce them, provider events. */
public final class Env {

    public static final String ENVELOPES = "/api/v1/envelopes";
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean providersAnnounced;

    private Env() {
    }

    public static RequestSpecification as(TestKeys.TestKey key) {
        return RestAssured.given().header("Authorization", key.bearer());
    }

    public static RequestSpecification json(TestKeys.TestKey key) {
        return as(key).contentType(ContentType.JSON);
    }

    /** A document of the tenant, as document-service would announce it; returns its id once this service knows it. */
    public static String document(TestKeys.TestKey key, int pages) {
        return document(key.tenantId(), pages, 48_213);
    }

    public static String document(String tenantId, int pages, long size) {
        byte[] sha = new byte[32];
        RANDOM.nextBytes(sha);
        String id = Ids.newId("doc");
        publish(Topics.DOCUMENT_EVENTS, id, new DocumentUploaded(id, tenantId, Instant.now(), "contract.pdf", size,
                pages, HexFormat.of().formatHex(sha)), DocumentEvent.class, "/signport/document-service");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from known_document where id = ?",
                id) == 1);
        return id;
    }

    /**
     * Announces the test providers once: {@code local} and {@code certyneo} can do everything, {@code okdokument}
     * one signer at SES without fields up to 10 MB.
     */
    public static void providers() {
        if (providersAnnounced) {
            return;
        }
        List<FieldType> all = List.of(FieldType.values());
        capabilities(new ProviderCapabilities("local", List.of(SignatureLevel.SES, SignatureLevel.AES), true, true,
                true, true, true, all, 50_000_000, true, null, null, now()));
        capabilities(new ProviderCapabilities("certyneo", List.of(SignatureLevel.SES, SignatureLevel.AES), true,
                true, false, true, false, List.of(FieldType.SIGNATURE), 25_000_000, true, null, null, now()));
        capabilities(new ProviderCapabilities("okdokument", List.of(SignatureLevel.SES), false, false, false, false,
                false, List.of(), 10_000_000, true, null, 1000L, now()));
        // The provider-events consumer has its partitions once it processed this (a busy machine may take a while).
        String probe = providerEvent(new dev.signport.contracts.provider.ProviderCancelled("env_probe" + UUID.randomUUID()
                .toString().replace("-", ""), "probe", "local", null, null, Instant.now(), "readiness probe"));
        await().atMost(Duration.ofSeconds(90)).until(() -> count(
                "select count(*) from inbox where consumer = 'envelope-service.provider-events' and event_id = ?",
                probe) == 1);
        providersAnnounced = true;
    }

    /** Now, at the database's precision, so that "stored at least this recent" can be awaited exactly. */
    public static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public static void capabilities(ProviderCapabilities caps) {
        try {
            TestKafka.send(Topics.PROVIDER_CAPABILITIES, caps.provider(), MAPPER.writeValueAsString(caps),
                    Map.of(CloudEventHeaders.CE_ID, UUID.randomUUID().toString(),
                            CloudEventHeaders.CE_TYPE, ProviderCapabilities.TYPE));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from provider_capability where provider = ? and checked_at >= ?", caps.provider(),
                java.sql.Timestamp.from(caps.checkedAt())) == 1);
    }

    /** Publishes a provider event as a connector would; returns its ce_id. */
    public static String providerEvent(ProviderEvent event) {
        return providerEvent(event, UUID.randomUUID().toString());
    }

    public static String providerEvent(ProviderEvent event, String eventId) {
        publish(Topics.PROVIDER_EVENTS, event.envelopeId(), event, ProviderEvent.class, eventId,
                "/signport/connectors/" + event.provider());
        return eventId;
    }

    private static void publish(String topic, String key, Object event, Class<?> type, String source) {
        publish(topic, key, event, type, UUID.randomUUID().toString(), source);
    }

    private static void publish(String topic, String key, Object event, Class<?> type, String eventId,
            String source) {
        try {
            String json = MAPPER.writerFor(type).writeValueAsString(event);
            String ceType = MAPPER.readTree(json).get("type").asText();
            TestKafka.send(topic, key, json, Map.of(CloudEventHeaders.CE_ID, eventId,
                    CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION,
                    CloudEventHeaders.CE_TYPE, ceType, CloudEventHeaders.CE_SOURCE, source,
                    CloudEventHeaders.CE_SUBJECT, key, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... args) {
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
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

    /** The Certyneo quickstart's create body, verbatim but for the document id. */
    public static String quickstartBody(String documentId) {
        return """
                {
                    "subject": "Contrat de prestation",
                    "documentIds": ["%s"],
                    "recipients": [
                      { "email": "client@example.com", "name": "Marie Dubois", "role": "SIGNER" }
                    ]
                  }""".formatted(documentId);
    }
}
