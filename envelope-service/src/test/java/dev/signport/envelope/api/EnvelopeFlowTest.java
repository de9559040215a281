package dev.signport.envelope.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.ProviderRecipientDeclined;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.contracts.provider.ProviderRecipientViewed;
import dev.signport.envelope.support.Env;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Envelopes driven through their whole lifecycle by provider events published to the real Kafka, as a connector
 * would publish them; what a subscriber sees is read back from signport.envelope-events.v1.
 */
@QuarkusTest
class EnvelopeFlowTest {

    KafkaProbe events;
    KafkaProbe localCommands;
    KafkaProbe certyneoCommands;

    @BeforeEach
    void probes() {
        Env.providers();
        events = new KafkaProbe(Topics.ENVELOPE_EVENTS);
        localCommands = new KafkaProbe(Topics.providerCommands("local"));
        certyneoCommands = new KafkaProbe(Topics.providerCommands("certyneo"));
    }

    @AfterEach
    void close() {
        events.close();
        localCommands.close();
        certyneoCommands.close();
    }

    private static String create(TestKeys.TestKey key, String body) {
        return Env.json(key).body(body).post(Env.ENVELOPES).then().statusCode(201)
                .body("status", equalTo("DRAFT")).extract().path("id");
    }

    private static String twoSigners(String doc, String order, String extra) {
        return """
                {"subject": "Employment contract", "documentIds": ["%s"], "signingOrder": "%s",
                 "recipients": [
                   {"email": "alice@example.com", "name": "Alice Martin"},
                   {"email": "bob@example.com", "name": "Bob Keller", "role": "SIGNER"},
                   {"email": "hr@example.com", "name": "HR", "role": "CC"}]%s}""".formatted(doc, order, extra);
    }

    private static CompletableFuture<Response> sendAsync(TestKeys.TestKey key, String id, String wait) {
        return CompletableFuture.supplyAsync(() -> Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=" + wait));
    }

    private static JsonNode json(ConsumerRecord<String, String> r) {
        try {
            return Env.MAPPER.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitCommand(KafkaProbe probe, String envelopeId, String type) {
        return json(probe.awaitRecord(r -> r.key().equals(envelopeId)
                && type.equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE))).stream()
                .filter(r -> r.key().equals(envelopeId) && type.equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE)))
                .reduce((a, b) -> b).orElseThrow());
    }

    private List<String> typesOf(String envelopeId, String lastType) {
        List<ConsumerRecord<String, String>> seen = events.awaitRecord(r -> r.key().equals(envelopeId)
                && lastType.equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE)));
        List<String> types = new ArrayList<>();
        long last = 0;
        for (ConsumerRecord<String, String> r : seen) {
            if (r.key().equals(envelopeId)) {
                types.add(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE));
                long sequence = Long.parseLong(KafkaProbe.header(r, CloudEventHeaders.CE_SEQUENCE));
                assertTrue(sequence > last, "ce_sequence increases per envelope");
                last = sequence;
            }
        }
        return types;
    }

    private static void awaitStatus(TestKeys.TestKey key, String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(
                Env.as(key).get(Env.ENVELOPES + "/" + id).then().extract().path("status")));
    }

    private static ProviderAccepted accepted(TestKeys.TestKey key, String id, JsonNode send, String provider) {
        List<ProviderAccepted.SignUrl> urls = new ArrayList<>();
        send.get("recipients").forEach(r -> urls.add(new ProviderAccepted.SignUrl(r.get("recipientId").asText(),
                "https://sign.example/" + r.get("recipientId").asText(), null)));
        return new ProviderAccepted(id, key.tenantId(), provider, "ext-" + id, send.get("commandId").asText(),
                Instant.now(), urls);
    }

    @Test
    void certyneoQuickstartGoesFromDraftToCompletedThroughProviderEvents() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 2);
        String id = create(key, Env.quickstartBody(doc));

        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        JsonNode command = awaitCommand(localCommands, id, "command.send_envelope");
        assertEquals("TEST", command.get("mode").asText());
        assertEquals(doc, command.get("documents").get(0).get("documentId").asText());
        assertEquals("client@example.com", command.get("recipients").get(0).get("email").asText());
        Env.providerEvent(accepted(key, id, command, "local"));

        Response sent = send.get();
        assertEquals(200, sent.statusCode(), sent.asString());
        assertEquals("SENT", sent.path("status"));
        String recipient = sent.path("recipients[0].id");
        assertEquals("https://sign.example/" + recipient, sent.path("recipients[0].signUrl"));
        assertEquals("NOTIFIED", sent.path("recipients[0].status"));

        Env.providerEvent(new ProviderRecipientViewed(id, key.tenantId(), "local", "ext-" + id, null, Instant.now(),
                recipient));
        Env.providerEvent(new ProviderRecipientSigned(id, key.tenantId(), "local", "ext-" + id, null, Instant.now(),
                recipient));
        Env.providerEvent(new ProviderCompleted(id, key.tenantId(), "local", "ext-" + id, null, Instant.now(),
                "doc_signed1", null));
        awaitStatus(key, id, "COMPLETED");

        assertEquals(List.of("envelope.created", "envelope.sent", "recipient.notified", "recipient.viewed",
                "recipient.signed", "envelope.completed"), typesOf(id, "envelope.completed"));
        Env.as(key).get(Env.ENVELOPES + "/" + id).then().statusCode(200)
                .body("signedDocumentId", equalTo("doc_signed1"))
                .body("recipients[0].status", equalTo("SIGNED"))
                .body("provider", equalTo("local"));
    }

    @Test
    void sendAnswers202WhileTheProviderHasNotAcceptedAndTheClientMayPoll() {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, Env.quickstartBody(Env.document(key, 1)));
        String idem = java.util.UUID.randomUUID().toString();
        Env.as(key).header("Idempotency-Key", idem).post(Env.ENVELOPES + "/" + id + "/send?wait=0s").then()
                .statusCode(202).body("status", equalTo("SENDING"));
        // A retry with the same key gets the same answer, and no second command.
        Env.as(key).header("Idempotency-Key", idem).post(Env.ENVELOPES + "/" + id + "/send?wait=0s").then()
                .statusCode(202).header("Idempotent-Replayed", "true").body("status", equalTo("SENDING"));
        // Sending twice is a conflict, not a second command.
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=0s").then().statusCode(409)
                .contentType("application/problem+json");
        JsonNode command = awaitCommand(localCommands, id, "command.send_envelope");
        Env.providerEvent(accepted(key, id, command, "local"));
        awaitStatus(key, id, "SENT");
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=31s").then().statusCode(400);
    }

    @Test
    void sequentialSignersAreNotifiedOneAfterTheOther() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, twoSigners(Env.document(key, 1), "SEQUENTIAL", ""));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        JsonNode command = awaitCommand(localCommands, id, "command.send_envelope");
        assertEquals(1, command.get("recipients").get(0).get("order").asInt());
        assertEquals(2, command.get("recipients").get(1).get("order").asInt());
        Env.providerEvent(accepted(key, id, command, "local"));
        Response sent = send.get();
        assertEquals("NOTIFIED", sent.path("recipients[0].status"));
        assertEquals("PENDING", sent.path("recipients[1].status"));
        String alice = sent.path("recipients[0].id");
        String bob = sent.path("recipients[1].id");

        Env.providerEvent(new ProviderRecipientSigned(id, key.tenantId(), "local", "ext", null, Instant.now(), alice));
        awaitStatus(key, id, "PARTIALLY_SIGNED");
        Env.as(key).get(Env.ENVELOPES + "/" + id).then().body("recipients[1].status", equalTo("NOTIFIED"));
        Env.providerEvent(new ProviderRecipientSigned(id, key.tenantId(), "local", "ext", null, Instant.now(), bob));
        Env.providerEvent(new ProviderCompleted(id, key.tenantId(), "local", "ext", null, Instant.now(), "doc_s", null));
        awaitStatus(key, id, "COMPLETED");
        assertEquals(List.of("envelope.created", "envelope.sent", "recipient.notified", "recipient.signed",
                "recipient.notified", "recipient.signed", "envelope.completed"), typesOf(id, "envelope.completed"));
    }

    @Test
    void duplicatedLateAndReorderedProviderEventsNeverEmitTwiceNorMoveBack() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, twoSigners(Env.document(key, 1), "PARALLEL", ""));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        JsonNode command = awaitCommand(localCommands, id, "command.send_envelope");
        ProviderAccepted accepted = accepted(key, id, command, "local");
        String acceptedId = Env.providerEvent(accepted);
        Response sent = send.get();
        String alice = sent.path("recipients[0].id");
        String bob = sent.path("recipients[1].id");

        // The same event redelivered (same ce_id), and the same fact reported again (new ce_id).
        List<String> published = new ArrayList<>();
        Env.providerEvent(accepted, acceptedId);
        published.add(Env.providerEvent(accepted(key, id, command, "local")));
        var signed = new ProviderRecipientSigned(id, key.tenantId(), "local", "ext", null, Instant.now(), alice);
        String signedId = Env.providerEvent(signed);
        published.add(signedId);
        Env.providerEvent(signed, signedId);
        published.add(Env.providerEvent(
                new ProviderRecipientSigned(id, key.tenantId(), "local", "ext", null, Instant.now(), alice)));
        // Completion overtakes Bob's signature and Alice's view.
        published.add(Env.providerEvent(
                new ProviderCompleted(id, key.tenantId(), "local", "ext", null, Instant.now(), "doc_s", null)));
        published.add(Env.providerEvent(
                new ProviderRecipientSigned(id, key.tenantId(), "local", "ext", null, Instant.now(), bob)));
        published.add(Env.providerEvent(
                new ProviderRecipientViewed(id, key.tenantId(), "local", "ext", null, Instant.now(), alice)));
        published.add(Env.providerEvent(new ProviderRecipientDeclined(id, key.tenantId(), "local", "ext", null,
                Instant.now(), bob, "too late")));
        // An event of a provider this envelope never went to.
        published.add(Env.providerEvent(new ProviderFailed(id, key.tenantId(), "okdokument", null, null,
                Instant.now(), false, FailureCode.PROVIDER_REJECTED, "not ours", null)));
        // Every one of them applied (or recognised as a duplicate) before looking at what subscribers got.
        await().atMost(Duration.ofSeconds(30)).until(() -> published.stream().allMatch(e -> Env.count(
                "select count(*) from inbox where consumer = 'envelope-service.provider-events' and event_id = ?",
                e) == 1));

        List<String> types = typesOf(id, "envelope.completed");
        assertEquals(List.of("envelope.created", "envelope.sent", "recipient.notified", "recipient.notified",
                "recipient.signed", "recipient.signed", "envelope.completed"), types);
        assertEquals(7, events.poll().stream().filter(r -> r.key().equals(id)).count(),
                "nothing was published after the completion");
        Env.as(key).get(Env.ENVELOPES + "/" + id).then().body("status", equalTo("COMPLETED"))
                .body("recipients[1].status", equalTo("SIGNED"));
    }

    @Test
    void cancellingInFlightCancelsAtTheVendorAndDeletingADraftReleasesItsDocuments() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 1);
        String draft = create(key, Env.quickstartBody(doc));
        Env.as(key).delete(Env.ENVELOPES + "/" + draft).then().statusCode(204);
        Env.as(key).get(Env.ENVELOPES + "/" + draft).then().statusCode(404);
        JsonNode deleted = json(events.awaitRecord(r -> r.key().equals(draft)
                && "envelope.deleted".equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE))).stream()
                .filter(r -> "envelope.deleted".equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE))
                        && r.key().equals(draft)).findFirst().orElseThrow());
        assertEquals(doc, deleted.get("documentIds").get(0).asText());

        String id = create(key, Env.quickstartBody(doc));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        JsonNode command = awaitCommand(localCommands, id, "command.send_envelope");
        Env.providerEvent(accepted(key, id, command, "local"));
        assertEquals(200, send.get().statusCode());
        Env.as(key).delete(Env.ENVELOPES + "/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"));
        JsonNode cancel = awaitCommand(localCommands, id, "command.cancel_envelope");
        assertEquals("ext-" + id, cancel.get("externalId").asText());
        assertEquals(List.of("envelope.created", "envelope.sent", "recipient.notified", "envelope.cancelled"),
                typesOf(id, "envelope.cancelled"));
        Env.as(key).delete(Env.ENVELOPES + "/" + id).then().statusCode(409);
    }

    @Test
    void anEnvelopePastItsExpiryIsExpiredAndCancelledAtTheVendor() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String expires = Instant.now().plusSeconds(3).toString();
        String id = create(key, twoSigners(Env.document(key, 1), "PARALLEL", ", \"expiresAt\": \"" + expires + "\""));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        Env.providerEvent(accepted(key, id, awaitCommand(localCommands, id, "command.send_envelope"), "local"));
        assertEquals(200, send.get().statusCode());
        awaitStatus(key, id, "EXPIRED");
        awaitCommand(localCommands, id, "command.cancel_envelope");
        assertTrue(typesOf(id, "envelope.expired").contains("envelope.expired"));
    }

    @Test
    void aProviderThatRejectsBeforeAnyoneActedIsReplacedByTheFallbackThenTheEnvelopeFails() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, twoSigners(Env.document(key, 1), "PARALLEL",
                ", \"provider\": \"local\", \"fallbackProviders\": [\"certyneo\"]"));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        JsonNode first = awaitCommand(localCommands, id, "command.send_envelope");
        Env.providerEvent(new ProviderFailed(id, key.tenantId(), "local", null, first.get("commandId").asText(),
                Instant.now(), false, FailureCode.PROVIDER_REJECTED, "signer address refused", "HTTP 422"));
        JsonNode second = awaitCommand(certyneoCommands, id, "command.send_envelope");
        awaitCommand(localCommands, id, "command.cancel_envelope");
        Env.providerEvent(accepted(key, id, second, "certyneo"));
        Response sent = send.get();
        assertEquals(200, sent.statusCode());
        assertEquals("certyneo", sent.path("provider"));
        assertEquals(2, (int) sent.path("attempt"));

        Env.providerEvent(new ProviderFailed(id, key.tenantId(), "certyneo", "ext-" + id, null, Instant.now(), false,
                FailureCode.QUOTA_EXHAUSTED, "account blocked", null));
        awaitStatus(key, id, "FAILED");
        Env.as(key).get(Env.ENVELOPES + "/" + id).then()
                .body("failure.code", equalTo("NO_PROVIDER_AVAILABLE"))
                .body("failure.reason", startsWith("every provider failed"));
        assertEquals(List.of("envelope.created", "envelope.provider_changed", "envelope.sent", "recipient.notified",
                "recipient.notified", "envelope.failed"), typesOf(id, "envelope.failed"));
    }

    @Test
    void aRetryableFailureSendsAgainWithANewCommand() {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, Env.quickstartBody(Env.document(key, 1)));
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=0").then().statusCode(202);
        JsonNode first = awaitCommand(localCommands, id, "command.send_envelope");
        Env.providerEvent(new ProviderFailed(id, key.tenantId(), "local", null, first.get("commandId").asText(),
                Instant.now(), true, FailureCode.PROVIDER_UNAVAILABLE, "503 from vendor", "HTTP 503"));
        List<ConsumerRecord<String, String>> sends = localCommands.awaitCount(r -> r.key().equals(id)
                && "command.send_envelope".equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE)), 2);
        assertTrue(!json(sends.get(0)).get("commandId").asText().equals(json(sends.get(1)).get("commandId").asText()));
        Env.as(key).get(Env.ENVELOPES + "/" + id).then().body("status", equalTo("SENDING"));
        assertNull(Env.as(key).get(Env.ENVELOPES + "/" + id).then().extract().path("failure"));
    }

    @Test
    void recipientsWhoHaveNotActedAreRemindedOnTheEnvelopesSchedule() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, twoSigners(Env.document(key, 1), "PARALLEL",
                ", \"reminders\": {\"firstAfter\": \"PT1S\", \"every\": \"PT1S\", \"max\": 1}"));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        Env.providerEvent(accepted(key, id, awaitCommand(localCommands, id, "command.send_envelope"), "local"));
        Response sent = send.get();
        String alice = sent.path("recipients[0].id");
        String bob = sent.path("recipients[1].id");
        Env.providerEvent(new ProviderRecipientSigned(id, key.tenantId(), "local", "ext", null, Instant.now(), alice));
        JsonNode remind = awaitCommand(localCommands, id, "command.remind_recipients");
        assertEquals(List.of(bob), List.of(remind.get("recipientIds").get(0).asText()));
        assertEquals(1, remind.get("recipientIds").size());
        JsonNode reminder = json(events.awaitRecord(r -> r.key().equals(id) && r.value().contains("\"reminder\":true"))
                .stream().filter(r -> r.key().equals(id) && r.value().contains("\"reminder\":true")).findFirst()
                .orElseThrow());
        assertEquals(bob, reminder.get("recipientId").asText());
        // At most max reminders.
        assertEquals(1, Env.count("select reminders_sent from envelope where id = ?", id));
    }

    @Test
    void aDeclineEndsTheEnvelope() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = create(key, twoSigners(Env.document(key, 1), "PARALLEL", ""));
        CompletableFuture<Response> send = sendAsync(key, id, "10s");
        Env.providerEvent(accepted(key, id, awaitCommand(localCommands, id, "command.send_envelope"), "local"));
        String bob = send.get().path("recipients[1].id");
        Env.providerEvent(new ProviderRecipientDeclined(id, key.tenantId(), "local", "ext", null, Instant.now(), bob,
                "Salary is wrong"));
        awaitStatus(key, id, "DECLINED");
        Env.as(key).get(Env.ENVELOPES + "/" + id).then().body("recipients[1].declineReason",
                equalTo("Salary is wrong"));
        assertEquals(List.of("envelope.created", "envelope.sent", "recipient.notified", "recipient.notified",
                "recipient.declined", "envelope.declined"), typesOf(id, "envelope.declined"));
    }
}
