package dev.signport.document.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What connectors use: read any document, store produced PDFs; only with the service token. */
@QuarkusTest
class InternalRoutesTest {

    private static final String INTERNAL = "/internal/documents";

    @Test
    void internalRoutesNeedTheServiceTokenNotAnApiKey() {
        TestKeys.TestKey key = TestKeys.create();
        String id = Docs.upload(key, TestPdfs.pages(1));
        given().get(INTERNAL + "/" + id).then().statusCode(401);
        given().header("Authorization", key.bearer()).get(INTERNAL + "/" + id + "/content").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType("application/pdf").body(TestPdfs.pages(1))
                .queryParam("tenantId", key.tenantId()).queryParam("kind", "SIGNED").post(INTERNAL)
                .then().statusCode(401);
    }

    @Test
    void connectorReadsAnyTenantsDocument() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.sized(2, 600_000);
        String id = Docs.upload(key, pdf);
        Docs.internal().get(INTERNAL + "/" + id).then().statusCode(200)
                .body("tenantId", equalTo(key.tenantId())).body("pages", equalTo(2));
        assertArrayEquals(pdf, Docs.internal().get(INTERNAL + "/" + id + "/content").then().statusCode(200)
                .extract().asByteArray());
        assertArrayEquals(Arrays.copyOfRange(pdf, 10, 20), Docs.internal().header("Range", "bytes=10-19")
                .get(INTERNAL + "/" + id + "/content").then().statusCode(206).extract().asByteArray());
        Docs.internal().get(INTERNAL + "/doc_00000000000000000000000000").then().statusCode(404);
    }

    @Test
    void connectorStoresASignedPdfForAnEnvelope() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String envelope = Ids.newId("env");
        // Vendors' signed PDFs may restrict permissions; that is accepted here (not for client uploads).
        byte[] signed = TestPdfs.permissionsOnly();
        try (KafkaProbe probe = new KafkaProbe(Topics.DOCUMENT_EVENTS)) {
            String id = Docs.internal().contentType("application/pdf").body(signed)
                    .queryParam("tenantId", key.tenantId()).queryParam("envelopeId", envelope)
                    .queryParam("kind", "SIGNED").queryParam("name", "contrat-signe.pdf")
                    .post(INTERNAL).then().statusCode(201)
                    .header("Location", containsString(INTERNAL + "/doc_"))
                    .body("kind", equalTo("SIGNED")).body("envelopeId", equalTo(envelope))
                    .body("tenantId", equalTo(key.tenantId()))
                    .extract().path("id");
            ConsumerRecord<String, String> r = probe.awaitRecord(rec -> id.equals(rec.key())).stream()
                    .filter(rec -> id.equals(rec.key())).findFirst().orElseThrow();
            assertEquals("document.stored", KafkaProbe.header(r, CloudEventHeaders.CE_TYPE));
            JsonNode payload = new ObjectMapper().readTree(r.value());
            assertEquals("SIGNED", payload.get("kind").asText());
            assertEquals(envelope, payload.get("envelopeId").asText());

            // The tenant sees it as one of its documents.
            Docs.as(key).get(Docs.PATH + "/" + id).then().statusCode(200).body("kind", equalTo("SIGNED"))
                    .body("name", equalTo("contrat-signe.pdf"));
            assertArrayEquals(signed, Docs.as(key).get(Docs.PATH + "/" + id + "/content").then().statusCode(200)
                    .extract().asByteArray());
        }
    }

    @Test
    void storingValidatesItsParametersAndThePdf() {
        TestKeys.TestKey key = TestKeys.create();
        Docs.internal().contentType("application/pdf").body(TestPdfs.pages(1)).queryParam("kind", "SIGNED")
                .post(INTERNAL).then().statusCode(400).body("errors[0].field", equalTo("tenantId"));
        Docs.internal().contentType("application/pdf").body(TestPdfs.pages(1))
                .queryParam("tenantId", key.tenantId()).queryParam("kind", "ORIGINAL")
                .post(INTERNAL).then().statusCode(400).body("errors[0].field", equalTo("kind"));
        Docs.internal().contentType("application/pdf").body(TestPdfs.passwordProtected())
                .queryParam("tenantId", key.tenantId()).queryParam("kind", "AUDIT_TRAIL")
                .post(INTERNAL).then().statusCode(422);
        Docs.internal().contentType("application/pdf").body(TestPdfs.notPdf())
                .queryParam("tenantId", key.tenantId()).queryParam("kind", "AUDIT_TRAIL")
                .post(INTERNAL).then().statusCode(415);
        assertEquals(0, Docs.documentsOf(key.tenantId()));
        Docs.awaitEmptySpool();
    }
}
