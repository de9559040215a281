package dev.signport.document.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.platform.testing.TestKafka;
import dev.signport.platform.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** Test helpers: the three upload forms, direct database checks, and envelope events as envelope-service sends them. */
public final class Docs {

    public static final String PATH = "/api/v1/documents";
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Docs() {}

    /**
     * Requests send {@code Expect: 100-continue} like curl does for large bodies, so that a body the
     * server refuses up front is never sent (and a closed connection cannot cost the test its 413).
     */
    private static final RestAssuredConfig EXPECT_CONTINUE = RestAssured.config()
            .httpClient(HttpClientConfig.httpClientConfig().setParam("http.protocol.expect-continue", true));

    public static RequestSpecification as(TestKeys.TestKey key) {
        return given().config(EXPECT_CONTINUE).header("Authorization", key.bearer());
    }

    public static RequestSpecification internal() {
        return given().config(EXPECT_CONTINUE).header("Authorization", "Bearer " + serviceToken());
    }

    public static String serviceToken() {
        return ConfigProvider.getConfig().getValue("signport.internal.service-token", String.class);
    }

    /** {@code curl -F "file=@name"}, as in the Certyneo quickstart. */
    public static Response multipart(TestKeys.TestKey key, String fileName, byte[] pdf) {
        return as(key).multiPart("file", fileName, pdf, "application/pdf").post(PATH);
    }

    public static Response raw(TestKeys.TestKey key, String name, byte[] pdf) {
        RequestSpecification spec = as(key).contentType("application/pdf").body(pdf);
        if (name != null) {
            spec = spec.queryParam("name", name);
        }
        return spec.post(PATH);
    }

    public static Response json(TestKeys.TestKey key, String name, byte[] pdf) {
        String body = "{\"name\":" + (name == null ? "null" : "\"" + name + "\"") + ",\"contentBase64\":\""
                + Base64.getEncoder().encodeToString(pdf) + "\"}";
        return as(key).contentType("application/json").body(body).post(PATH);
    }

    /** Uploads a valid PDF and returns its id. */
    public static String upload(TestKeys.TestKey key, byte[] pdf) {
        return raw(key, "test.pdf", pdf).then().statusCode(201).extract().path("id");
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

    public static long documentsOf(String tenantId) {
        return count("select count(*) from document where tenant_id = ?", tenantId);
    }

    public static long chunksOf(String documentId) {
        return count("select count(*) from document_chunk where document_id = ?", documentId);
    }

    /** Waits until every spooled upload file is gone (they are removed when the exchange ends). */
    public static void awaitEmptySpool() {
        Path dir = Path.of(ConfigProvider.getConfig().getValue("signport.documents.spool-dir", String.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            if (!Files.exists(dir)) {
                return true;
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.findAny().isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Publishes an envelope event the way envelope-service's outbox relay does. */
    public static String sendEnvelopeEvent(EnvelopeEvent event) {
        String id = UUID.randomUUID().toString();
        sendEnvelopeEvent(event, id);
        return id;
    }

    public static void sendEnvelopeEvent(EnvelopeEvent event, String eventId) {
        try {
            TestKafka.send(Topics.ENVELOPE_EVENTS, event.envelopeId(),
                    MAPPER.writerFor(EnvelopeEvent.class).writeValueAsString(event),
                    Map.of(CloudEventHeaders.CE_ID, eventId,
                            CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION,
                            CloudEventHeaders.CE_TYPE, event.type(),
                            CloudEventHeaders.CE_SOURCE, "/signport/envelope-service",
                            CloudEventHeaders.CE_SUBJECT, event.envelopeId(),
                            CloudEventHeaders.CE_TENANTID, event.tenantId(),
                            CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
