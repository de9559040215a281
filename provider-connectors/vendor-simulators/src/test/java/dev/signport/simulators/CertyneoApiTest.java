package dev.signport.simulators;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.simulators.CallbackReceiver.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Certyneo sandbox through its public API, as the connector uses it. */
@QuarkusTest
class CertyneoApiTest extends SimTestSupport {

    @Test
    void happyPathUploadCreateSendSignDownloadWithSignedWebhooks() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String secret = registerWebhook(receiver, "envelope.sent", "recipient.signed", "envelope.completed");
            assertTrue(secret.startsWith("cwhsec_"));

            String docId = certyneo().multiPart("file", "contract.pdf", PDF, "application/pdf")
                    .post("/certyneo/api/v1/documents")
                    .then().statusCode(201)
                    .body("id", startsWith("cdoc_")).body("name", equalTo("contract.pdf")).body("size", equalTo(PDF.length))
                    .extract().path("id");

            String envId = certyneo().contentType(ContentType.JSON)
                    .body("""
                            {"subject":"Contrat de prestation","documentIds":["%s"],
                             "recipients":[{"email":"client@example.com","name":"Marie Dubois","role":"SIGNER","locale":"fr"}],
                             "futureField":{"nested":true}}""".formatted(docId))
                    .post("/certyneo/api/v1/envelopes")
                    .then().statusCode(201)
                    .body("id", startsWith("cenv_")).body("status", equalTo("DRAFT"))
                    .body("signingOrder", equalTo("PARALLEL"))
                    .body("recipients[0].status", equalTo("PENDING"))
                    .body("recipients[0].signUrl", nullValue())
                    .extract().path("id");

            String signUrl = certyneo().post("/certyneo/api/v1/envelopes/" + envId + "/send")
                    .then().statusCode(200)
                    .body("status", equalTo("SENT"))
                    .body("recipients[0].status", equalTo("SENT"))
                    .body("recipients[0].signUrl", startsWith("http://localhost:"))
                    .extract().path("recipients[0].signUrl");
            assertTrue(signUrl.contains("/certyneo/sign/"), signUrl);

            certyneo().get("/certyneo/api/v1/envelopes/" + envId + "/signed-document")
                    .then().statusCode(409).body("error.code", equalTo("invalid_state"));

            given().post("/_control/certyneo/envelopes/" + envId + "/recipients/client@example.com/sign")
                    .then().statusCode(200).body("status", equalTo("COMPLETED"));

            certyneo().get("/certyneo/api/v1/envelopes/" + envId)
                    .then().statusCode(200)
                    .body("status", equalTo("COMPLETED")).body("completedAt", notNullValue())
                    .body("recipients[0].status", equalTo("SIGNED"));

            byte[] signed = certyneo().get("/certyneo/api/v1/envelopes/" + envId + "/signed-document")
                    .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
            assertArrayEquals(PDF, Arrays.copyOf(signed, PDF.length), "the original bytes come first");
            assertTrue(new String(signed, StandardCharsets.US_ASCII).endsWith("%%Signed-by-certyneo-sim\n"));

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() >= 3);
            List<Received> hooks = receiver.received();
            assertEquals(Set.of("envelope.sent", "recipient.signed", "envelope.completed"),
                    hooks.stream().map(h -> JsonPath.from(h.bodyText()).getString("event")).collect(Collectors.toSet()));
            for (Received h : hooks) {
                assertEquals("sha256=" + hmacHex(secret, h.body()), h.header("X-Certyneo-Signature"));
                assertTrue(h.header("webhook-id") != null && !h.header("webhook-id").isBlank());
                JsonPath json = JsonPath.from(h.bodyText());
                assertEquals(envId, json.getString("envelope_id"));
                assertTrue(json.getString("occurred_at") != null);
                assertEquals(envId, json.getString("data.envelope.id"));
            }
            assertEquals(3, hooks.stream().map(h -> h.header("webhook-id")).distinct().count());
        }
    }

    @Test
    void sequentialOrderInvitesTheNextSignerOnlyAfterThePreviousSigned() {
        String envId = createEnvelope("SEQUENTIAL", "first@example.com", "second@example.com");
        certyneo().post("/certyneo/api/v1/envelopes/" + envId + "/send")
                .then().statusCode(200)
                .body("signingOrder", equalTo("SEQUENTIAL"))
                .body("recipients[0].status", equalTo("SENT"))
                .body("recipients[1].status", equalTo("PENDING"))
                .body("recipients.signUrl", everyItem(notNullValue()));

        given().post("/_control/certyneo/envelopes/" + envId + "/recipients/second@example.com/sign")
                .then().statusCode(409).body("error.code", equalTo("not_your_turn"));

        given().post("/_control/certyneo/envelopes/" + envId + "/recipients/first@example.com/view")
                .then().statusCode(200).body("recipients[0].status", equalTo("VIEWED"));
        given().post("/_control/certyneo/envelopes/" + envId + "/recipients/first@example.com/sign")
                .then().statusCode(200)
                .body("status", equalTo("SENT"))
                .body("recipients[0].status", equalTo("SIGNED"))
                .body("recipients[1].status", equalTo("SENT"));
        given().post("/_control/certyneo/envelopes/" + envId + "/recipients/first@example.com/sign")
                .then().statusCode(409).body("error.code", equalTo("invalid_state"));
        given().post("/_control/certyneo/envelopes/" + envId + "/recipients/second@example.com/sign")
                .then().statusCode(200).body("status", equalTo("COMPLETED"));
    }

    @Test
    void declineEndsTheEnvelope() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            registerWebhook(receiver, "envelope.declined");
            String envId = sentEnvelope("PARALLEL", "a@example.com", "b@example.com");
            given().contentType(ContentType.JSON).body(Map.of("reason", "wrong amount"))
                    .post("/_control/certyneo/envelopes/" + envId + "/recipients/b@example.com/decline")
                    .then().statusCode(200)
                    .body("status", equalTo("DECLINED"))
                    .body("recipients[1].status", equalTo("DECLINED"))
                    .body("recipients[1].declineReason", equalTo("wrong amount"));
            given().post("/_control/certyneo/envelopes/" + envId + "/recipients/a@example.com/sign")
                    .then().statusCode(409);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            assertEquals("envelope.declined", JsonPath.from(receiver.received().get(0).bodyText()).getString("event"));
        }
    }

    @Test
    void deleteRemovesADraftVoidsASentEnvelopeAndRefusesAFinishedOne() {
        String draft = createEnvelope("PARALLEL", "a@example.com");
        certyneo().delete("/certyneo/api/v1/envelopes/" + draft).then().statusCode(204);
        certyneo().get("/certyneo/api/v1/envelopes/" + draft).then().statusCode(404).body("error.code", equalTo("not_found"));

        String sent = sentEnvelope("PARALLEL", "a@example.com");
        certyneo().delete("/certyneo/api/v1/envelopes/" + sent)
                .then().statusCode(200).body("status", equalTo("VOIDED")).body("voidedAt", notNullValue());
        certyneo().delete("/certyneo/api/v1/envelopes/" + sent).then().statusCode(409).body("error.code", equalTo("invalid_state"));
        given().post("/_control/certyneo/envelopes/" + sent + "/recipients/a@example.com/sign").then().statusCode(409);
    }

    @Test
    void expireViaControl() {
        String sent = sentEnvelope("PARALLEL", "a@example.com");
        given().post("/_control/certyneo/envelopes/" + sent + "/expire").then().statusCode(200).body("status", equalTo("EXPIRED"));
        certyneo().get("/certyneo/api/v1/envelopes/" + sent).then().body("status", equalTo("EXPIRED"));
    }

    @Test
    void missingWrongOrRevokedKeyIs401() {
        given().get("/certyneo/api/v1/envelopes").then().statusCode(401).body("error.code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer sk_test_wrong").get("/certyneo/api/v1/envelopes").then().statusCode(401);
        given().header("Authorization", "Basic " + CERTYNEO_KEY).get("/certyneo/api/v1/envelopes").then().statusCode(401);
        // The 401 comes before the body is looked at.
        given().contentType(ContentType.JSON).body("{not json").post("/certyneo/api/v1/envelopes").then().statusCode(401);

        JsonPath created = certyneo().contentType(ContentType.JSON).body(Map.of("name", "ci"))
                .post("/certyneo/api/v1/keys").then().statusCode(201).extract().jsonPath();
        String newKey = created.getString("key");
        given().header("Authorization", "Bearer " + newKey).get("/certyneo/api/v1/envelopes")
                .then().statusCode(200).body("data", hasSize(0));
        certyneo().get("/certyneo/api/v1/keys").then().statusCode(200)
                .body("data.id", hasItem(created.getString("id"))).body("data.key", everyItem(nullValue()));
        certyneo().delete("/certyneo/api/v1/keys/" + created.getString("id")).then().statusCode(204);
        given().header("Authorization", "Bearer " + newKey).get("/certyneo/api/v1/envelopes").then().statusCode(401);
    }

    @Test
    void invalidBodiesAre400Or422() {
        certyneo().multiPart("file", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/certyneo/api/v1/documents").then().statusCode(422).body("error.code", equalTo("not_a_pdf"));
        certyneo().contentType(ContentType.JSON).body("{not json")
                .post("/certyneo/api/v1/envelopes").then().statusCode(400).body("error.code", equalTo("invalid_json"));
        certyneo().contentType(ContentType.JSON)
                .body(Map.of("subject", "S", "documentIds", List.of("cdoc_nope"),
                        "recipients", List.of(Map.of("email", "a@example.com", "name", "A", "role", "SIGNER"))))
                .post("/certyneo/api/v1/envelopes").then().statusCode(422).body("error.code", equalTo("unknown_document"));
        String docId = uploadPdf();
        certyneo().contentType(ContentType.JSON)
                .body(Map.of("subject", "S", "documentIds", List.of(docId),
                        "recipients", List.of(Map.of("email", "a@example.com", "name", "A", "role", "CC"))))
                .post("/certyneo/api/v1/envelopes").then().statusCode(422).body("error.code", equalTo("no_signer"));
        certyneo().contentType(ContentType.JSON)
                .body(Map.of("subject", "S", "documentIds", List.of(docId), "recipients", List.of()))
                .post("/certyneo/api/v1/envelopes").then().statusCode(422).body("error.code", equalTo("validation_error"));
        certyneo().contentType(ContentType.JSON).body(Map.of("url", "not a url", "events", List.of("envelope.sent")))
                .post("/certyneo/api/v1/webhooks").then().statusCode(422);
        certyneo().contentType(ContentType.JSON).body(Map.of("url", "http://example.com/h", "events", List.of("nope")))
                .post("/certyneo/api/v1/webhooks").then().statusCode(422);
    }

    @Test
    void stateConflictsAre409() {
        String envId = sentEnvelope("PARALLEL", "a@example.com");
        certyneo().post("/certyneo/api/v1/envelopes/" + envId + "/send").then().statusCode(409).body("error.code", equalTo("invalid_state"));
        certyneo().contentType(ContentType.JSON).body(Map.of("subject", "New"))
                .patch("/certyneo/api/v1/envelopes/" + envId).then().statusCode(409);
        String docId = certyneo().get("/certyneo/api/v1/envelopes/" + envId).then().extract().path("documentIds[0]");
        certyneo().delete("/certyneo/api/v1/documents/" + docId).then().statusCode(409).body("error.code", equalTo("document_in_use"));

        // Once the envelope is over, its document may go; the signed copy survives.
        controlSign(envId, "a@example.com");
        certyneo().delete("/certyneo/api/v1/documents/" + docId).then().statusCode(204);
        certyneo().get("/certyneo/api/v1/envelopes/" + envId + "/signed-document").then().statusCode(200);
    }

    @Test
    void patchUpdatesADraft() {
        String envId = createEnvelope("PARALLEL", "a@example.com");
        certyneo().contentType(ContentType.JSON).body(Map.of("subject", "Renamed", "signingOrder", "SEQUENTIAL"))
                .patch("/certyneo/api/v1/envelopes/" + envId)
                .then().statusCode(200).body("subject", equalTo("Renamed")).body("signingOrder", equalTo("SEQUENTIAL"))
                .body("recipients[0].email", equalTo("a@example.com"));
    }

    @Test
    void listsDocumentsEnvelopesAndWebhooksWithoutSecrets() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            registerWebhook(receiver, "envelope.completed");
            String envId = createEnvelope("PARALLEL", "a@example.com");
            certyneo().get("/certyneo/api/v1/envelopes").then().statusCode(200).body("data.id", hasItem(envId));
            certyneo().get("/certyneo/api/v1/documents").then().statusCode(200).body("data", hasSize(1));
            String hookId = certyneo().get("/certyneo/api/v1/webhooks").then().statusCode(200)
                    .body("data", hasSize(1)).body("data[0].secret", nullValue()).extract().path("data[0].id");
            certyneo().delete("/certyneo/api/v1/webhooks/" + hookId).then().statusCode(204);
            certyneo().delete("/certyneo/api/v1/webhooks/" + hookId).then().statusCode(404);
        }
    }

    @Test
    void auditTrailIsAPdf() {
        String envId = sentEnvelope("PARALLEL", "a@example.com");
        byte[] pdf = certyneo().get("/certyneo/api/v1/envelopes/" + envId + "/audit-trail")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        String text = new String(pdf, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("%PDF-") && text.contains(envId) && text.endsWith("%%EOF\n"));
    }

    @Test
    void signPageMarksViewedAndItsFormSigns() {
        String envId = sentEnvelope("PARALLEL", "a@example.com");
        String signUrl = certyneo().get("/certyneo/api/v1/envelopes/" + envId).then().extract().path("recipients[0].signUrl");
        String path = signUrl.substring(signUrl.indexOf("/certyneo/sign/"));
        given().get(path).then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("Contract")).body(containsString("VIEWED"));
        given().redirects().follow(false).formParam("action", "sign").post(path)
                .then().statusCode(303).header("Location", endsWith(path));
        certyneo().get("/certyneo/api/v1/envelopes/" + envId).then().body("status", equalTo("COMPLETED"));
        given().get("/certyneo/sign/not-a-token").then().statusCode(404);
    }

    @Test
    void controlStateShowsHistory() {
        String envId = sentEnvelope("PARALLEL", "a@example.com");
        given().get("/_control/certyneo/envelopes/" + envId).then().statusCode(200)
                .body("id", equalTo(envId)).body("status", equalTo("SENT")).body("history", hasSize(2));
        given().get("/_control/certyneo/envelopes/cenv_nope").then().statusCode(404);
        given().get("/_control/nosuchvendor/envelopes/x").then().statusCode(404);
    }
}
