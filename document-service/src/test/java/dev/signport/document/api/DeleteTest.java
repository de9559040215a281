package dev.signport.document.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.envelope.EnvelopeCancelled;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeCreated;
import dev.signport.contracts.envelope.EnvelopeDeleted;
import dev.signport.contracts.envelope.EnvelopeUpdated;
import dev.signport.contracts.envelope.EnvelopeSent;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKafka;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** DELETE answers 409 while an unfinished envelope uses the document, learnt from envelope events. */
@QuarkusTest
class DeleteTest {

    private static EnvelopeCreated created(String envelopeId, TestKeys.TestKey key, String... documentIds) {
        return new EnvelopeCreated(envelopeId, key.tenantId(), Mode.TEST, EnvelopeStatus.DRAFT, Instant.now(),
                "Contrat de prestation", null, null, SigningOrder.PARALLEL, null, List.of(documentIds), List.of(),
                null, null);
    }

    private static void awaitEnvelope(String envelopeId, boolean terminal) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Docs.count(
                "select count(*) from envelope_state where envelope_id = ? and terminal = ?", envelopeId, terminal) == 1);
    }

    @Test
    void unusedDocumentIsDeletedWithItsBytesAndAnEvent() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = Docs.upload(key, TestPdfs.sized(1, 700_000));
        assertEquals(3, Docs.chunksOf(id));
        try (KafkaProbe probe = new KafkaProbe(Topics.DOCUMENT_EVENTS)) {
            Docs.as(key).delete(Docs.PATH + "/" + id).then().statusCode(204);
            ConsumerRecord<String, String> r = probe.awaitRecord(rec -> id.equals(rec.key())
                    && "document.deleted".equals(KafkaProbe.header(rec, CloudEventHeaders.CE_TYPE))).stream()
                    .filter(rec -> id.equals(rec.key())).findFirst().orElseThrow();
            assertEquals(id, new ObjectMapper().readTree(r.value()).get("documentId").asText());
        }
        Docs.as(key).get(Docs.PATH + "/" + id).then().statusCode(404);
        Docs.as(key).get(Docs.PATH + "/" + id + "/content").then().statusCode(404);
        Docs.as(key).delete(Docs.PATH + "/" + id).then().statusCode(404);
        assertEquals(0, Docs.chunksOf(id));
    }

    @Test
    void documentOfAnUnfinishedEnvelopeIs409UntilTheEnvelopeIsCancelled() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Docs.upload(key, TestPdfs.pages(1));
        String envelope = Ids.newId("env");
        String createdEventId = Docs.sendEnvelopeEvent(created(envelope, key, doc));
        awaitEnvelope(envelope, false);

        Docs.as(key).delete(Docs.PATH + "/" + doc).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", endsWith("/conflict"))
                .body("detail", containsString(envelope));

        // A redelivered creation and a move forward change nothing.
        Docs.sendEnvelopeEvent(created(envelope, key, doc), createdEventId);
        Docs.sendEnvelopeEvent(new EnvelopeSent(envelope, key.tenantId(), Mode.TEST, EnvelopeStatus.SENT,
                Instant.now(), "certyneo", null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> Docs.count(
                "select count(*) from envelope_state where envelope_id = ? and status = 'SENT'", envelope) == 1);
        Docs.as(key).delete(Docs.PATH + "/" + doc).then().statusCode(409);

        Docs.sendEnvelopeEvent(new EnvelopeCancelled(envelope, key.tenantId(), Mode.TEST, EnvelopeStatus.CANCELLED,
                Instant.now(), "certyneo", "changed our mind", null));
        awaitEnvelope(envelope, true);
        Docs.as(key).delete(Docs.PATH + "/" + doc).then().statusCode(204);
        Docs.as(key).get(Docs.PATH + "/" + doc).then().statusCode(404);
    }

    @Test
    void completedEnvelopeReleasesItsDocumentsButAnotherUnfinishedOneStillHoldsThem() {
        TestKeys.TestKey key = TestKeys.create();
        String shared = Docs.upload(key, TestPdfs.pages(1));
        String alone = Docs.upload(key, TestPdfs.pages(1));
        String first = Ids.newId("env");
        String second = Ids.newId("env");
        Docs.sendEnvelopeEvent(created(first, key, shared, alone));
        Docs.sendEnvelopeEvent(created(second, key, shared));
        Docs.sendEnvelopeEvent(new EnvelopeCompleted(first, key.tenantId(), Mode.TEST, EnvelopeStatus.COMPLETED,
                Instant.now(), "local", Ids.newId("doc"), null, Map.of()));
        awaitEnvelope(first, true);
        awaitEnvelope(second, false);
        Docs.as(key).delete(Docs.PATH + "/" + alone).then().statusCode(204);
        Docs.as(key).delete(Docs.PATH + "/" + shared).then().statusCode(409).body("detail", containsString(second));
    }

    @Test
    void aDraftThatSwapsItsDocumentReleasesTheOldOneAndADeletedDraftReleasesTheRest() {
        TestKeys.TestKey key = TestKeys.create();
        String first = Docs.upload(key, TestPdfs.pages(1));
        String second = Docs.upload(key, TestPdfs.pages(1));
        String envelope = Ids.newId("env");
        Docs.sendEnvelopeEvent(created(envelope, key, first));
        awaitEnvelope(envelope, false);
        Docs.as(key).delete(Docs.PATH + "/" + first).then().statusCode(409);

        Docs.sendEnvelopeEvent(new EnvelopeUpdated(envelope, key.tenantId(), Mode.TEST, EnvelopeStatus.DRAFT,
                Instant.now(), "Contract v2", null, null, SigningOrder.PARALLEL, null, List.of(second), List.of(),
                null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> Docs.count(
                "select count(*) from envelope_document where envelope_id = ? and document_id = ?", envelope, first) == 0);
        Docs.as(key).delete(Docs.PATH + "/" + first).then().statusCode(204);
        Docs.as(key).delete(Docs.PATH + "/" + second).then().statusCode(409);

        Docs.sendEnvelopeEvent(new EnvelopeDeleted(envelope, key.tenantId(), Mode.TEST, EnvelopeStatus.DRAFT,
                Instant.now(), List.of(second), null));
        awaitEnvelope(envelope, true);
        Docs.as(key).delete(Docs.PATH + "/" + second).then().statusCode(204);
    }

    @Test
    void anotherTenantsEnvelopeDoesNotBlockADocument() {
        TestKeys.TestKey key = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        String doc = Docs.upload(key, TestPdfs.pages(1));
        String envelope = Ids.newId("env");
        Docs.sendEnvelopeEvent(created(envelope, other, doc));
        awaitEnvelope(envelope, false);
        Docs.as(key).delete(Docs.PATH + "/" + doc).then().statusCode(204);
    }

    @Test
    void aPoisonEnvelopeEventIsDeadLetteredAndTheNextOneStillApplies() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Docs.upload(key, TestPdfs.pages(1));
        String envelope = Ids.newId("env");
        String poisonId = UUID.randomUUID().toString();
        try (KafkaProbe dlq = new KafkaProbe(Topics.DEAD_LETTER)) {
            TestKafka.send(Topics.ENVELOPE_EVENTS, envelope, "{\"type\":\"envelope.created\", \"broken\":",
                    Map.of(CloudEventHeaders.CE_ID, poisonId, CloudEventHeaders.CE_TYPE, "envelope.created"));
            Docs.sendEnvelopeEvent(created(envelope, key, doc));
            dlq.awaitRecord(r -> poisonId.equals(KafkaProbe.header(r, CloudEventHeaders.CE_ID)));
            awaitEnvelope(envelope, false);
        }
        Docs.as(key).delete(Docs.PATH + "/" + doc).then().statusCode(409);
    }
}
