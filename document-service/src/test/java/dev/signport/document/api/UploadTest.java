package dev.signport.document.api;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import dev.signport.platform.util.Hashing;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The three upload forms store exactly the bytes sent, and announce them on Kafka. */
@QuarkusTest
class UploadTest {

    private static byte[] content(TestKeys.TestKey key, String id) {
        return Docs.as(key).get(Docs.PATH + "/" + id + "/content").then().statusCode(200)
                .header("Content-Type", "application/pdf")
                .extract().asByteArray();
    }

    private static void assertStored(TestKeys.TestKey key, Response r, byte[] pdf, String name, int pages) {
        r.then().statusCode(201)
                .header("Location", endsWith(Docs.PATH + "/" + r.path("id")))
                .body("id", startsWith("doc_"))
                .body("name", equalTo(name))
                .body("sizeBytes", equalTo(pdf.length))
                .body("pages", equalTo(pages))
                .body("sha256", equalTo(Hashing.sha256Hex(pdf)))
                .body("status", equalTo("READY"))
                .body("kind", equalTo("ORIGINAL"));
        String id = r.path("id");
        assertArrayEquals(pdf, content(key, id), "read back byte for byte");
        Docs.as(key).get(Docs.PATH + "/" + id).then().statusCode(200).body("sha256", equalTo(Hashing.sha256Hex(pdf)));
    }

    @Test
    void multipartAsInTheQuickstart() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] small = TestPdfs.pages(2);
        assertStored(key, Docs.multipart(key, "contrat.pdf", small), small, "contrat.pdf", 2);
        // Larger than the in-memory spool and than several storage chunks.
        byte[] large = TestPdfs.sized(4, 1_300_000);
        assertStored(key, Docs.multipart(key, "big.pdf", large), large, "big.pdf", 4);
        // A 'name' part overrides the file name.
        Response named = Docs.as(key).multiPart("file", "upload.bin", small, "application/octet-stream")
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder("Contrat signé.pdf").controlName("name")
                        .charset("UTF-8").build())
                .post(Docs.PATH);
        assertStored(key, named, small, "Contrat signé.pdf", 2);
        Docs.awaitEmptySpool();
    }

    @Test
    void rawPdfBody() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] small = TestPdfs.pages(1);
        assertStored(key, Docs.raw(key, "raw.pdf", small), small, "raw.pdf", 1);
        byte[] large = TestPdfs.sized(3, 1_700_000);
        assertStored(key, Docs.raw(key, "raw-large.pdf", large), large, "raw-large.pdf", 3);
        assertStored(key, Docs.raw(key, null, small), small, "document.pdf", 1);
        Docs.awaitEmptySpool();
    }

    @Test
    void jsonBase64Body() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] small = TestPdfs.pages(5);
        assertStored(key, Docs.json(key, "json.pdf", small), small, "json.pdf", 5);
        // Far longer than the parser's 16 KiB string limit: decoded from the stream, never a String.
        byte[] large = TestPdfs.sized(2, 1_400_000);
        assertStored(key, Docs.json(key, "json-large.pdf", large), large, "json-large.pdf", 2);
        Docs.awaitEmptySpool();
    }

    @Test
    void identicalUploadsAreSeparateDocuments() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.pages(1);
        String first = Docs.upload(key, pdf);
        String second = Docs.upload(key, pdf);
        assertNotEquals(first, second);
        assertEquals(2, Docs.documentsOf(key.tenantId()));
    }

    @Test
    void idempotencyKeyReplaysTheFirstResponse() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.sized(1, 100_000);
        String idem = UUID.randomUUID().toString();
        String id = Docs.as(key).header("Idempotency-Key", idem).multiPart("file", "a.pdf", pdf, "application/pdf")
                .post(Docs.PATH).then().statusCode(201).extract().path("id");
        Docs.as(key).header("Idempotency-Key", idem).multiPart("file", "a.pdf", pdf, "application/pdf")
                .post(Docs.PATH).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        Docs.as(key).header("Idempotency-Key", idem).multiPart("file", "a.pdf", TestPdfs.pages(2), "application/pdf")
                .post(Docs.PATH).then().statusCode(422)
                .body("type", endsWith("/idempotency-key-reused"));
        String jsonKey = UUID.randomUUID().toString();
        String jsonId = Docs.as(key).header("Idempotency-Key", jsonKey).contentType("application/json")
                .body("{\"name\":\"j.pdf\",\"contentBase64\":\"" + java.util.Base64.getEncoder().encodeToString(pdf)
                        + "\"}")
                .post(Docs.PATH).then().statusCode(201).extract().path("id");
        Docs.as(key).header("Idempotency-Key", jsonKey).contentType("application/json")
                .body("{\"name\":\"j.pdf\",\"contentBase64\":\"" + java.util.Base64.getEncoder().encodeToString(pdf)
                        + "\"}")
                .post(Docs.PATH).then().statusCode(201).body("id", equalTo(jsonId));
        assertEquals(2, Docs.documentsOf(key.tenantId()));
    }

    @Test
    void uploadIsPublishedAsACloudEventThroughTheOutbox() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.pages(3);
        try (KafkaProbe probe = new KafkaProbe(Topics.DOCUMENT_EVENTS)) {
            String id = Docs.upload(key, pdf);
            ConsumerRecord<String, String> r = probe.awaitRecord(rec -> id.equals(rec.key())).stream()
                    .filter(rec -> id.equals(rec.key())).findFirst().orElseThrow();
            assertEquals("1.0", KafkaProbe.header(r, CloudEventHeaders.CE_SPECVERSION));
            assertEquals("document.uploaded", KafkaProbe.header(r, CloudEventHeaders.CE_TYPE));
            assertEquals("/signport/document-service", KafkaProbe.header(r, CloudEventHeaders.CE_SOURCE));
            assertEquals(id, KafkaProbe.header(r, CloudEventHeaders.CE_SUBJECT));
            assertEquals(key.tenantId(), KafkaProbe.header(r, CloudEventHeaders.CE_TENANTID));
            assertEquals("application/json", KafkaProbe.header(r, CloudEventHeaders.CONTENT_TYPE));
            assertTrue(KafkaProbe.header(r, CloudEventHeaders.CE_ID) != null);
            assertTrue(KafkaProbe.header(r, CloudEventHeaders.CE_TIME) != null);
            JsonNode payload = new ObjectMapper().readTree(r.value());
            assertEquals(id, payload.get("documentId").asText());
            assertEquals(key.tenantId(), payload.get("tenantId").asText());
            assertEquals("test.pdf", payload.get("name").asText());
            assertEquals(pdf.length, payload.get("sizeBytes").asLong());
            assertEquals(3, payload.get("pages").asInt());
            assertEquals(Hashing.sha256Hex(pdf), payload.get("sha256").asText());
        }
    }
}
