package dev.signport.envelope.api;

import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.envelope.support.Env;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What a client sees of /api/v1/envelopes: the Certyneo body, every validation error, tenants kept apart. */
@QuarkusTest
class EnvelopeApiTest {

    @BeforeEach
    void providers() {
        Env.providers();
    }

    private static String body(String doc, String recipients, String extra) {
        return "{\"subject\": \"Contract\", \"documentIds\": [\"" + doc + "\"], \"recipients\": [" + recipients + "]"
                + extra + "}";
    }

    private static final String MARIE = "{\"email\": \"client@example.com\", \"name\": \"Marie Dubois\", \"role\": \"SIGNER\"}";

    @Test
    void theCertyneoQuickstartBodyCreatesADraftAndAnnouncesIt() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 3);
        try (KafkaProbe events = new KafkaProbe(Topics.ENVELOPE_EVENTS)) {
            var created = Env.json(key).body(Env.quickstartBody(doc)).post(Env.ENVELOPES).then().statusCode(201)
                    .body("id", org.hamcrest.Matchers.startsWith("env_"))
                    .body("status", equalTo("DRAFT"))
                    .body("mode", equalTo("TEST"))
                    .body("subject", equalTo("Contrat de prestation"))
                    .body("documentIds", equalTo(List.of(doc)))
                    .body("signingOrder", equalTo("PARALLEL"))
                    .body("recipients[0].id", org.hamcrest.Matchers.startsWith("rcp_"))
                    .body("recipients[0].email", equalTo("client@example.com"))
                    .body("recipients[0].role", equalTo("SIGNER"))
                    .body("recipients[0].status", equalTo("PENDING"))
                    .body("recipients[0].signUrl", nullValue())
                    .extract();
            String id = created.path("id");
            org.hamcrest.MatcherAssert.assertThat(created.header("Location"), endsWith(Env.ENVELOPES + "/" + id));
            var record = events.awaitRecord(r -> r.key().equals(id)).stream().filter(r -> r.key().equals(id))
                    .findFirst().orElseThrow();
            assertEquals("envelope.created", KafkaProbe.header(record, CloudEventHeaders.CE_TYPE));
            assertEquals(key.tenantId(), KafkaProbe.header(record, CloudEventHeaders.CE_TENANTID));
            assertEquals("/signport/envelope-service", KafkaProbe.header(record, CloudEventHeaders.CE_SOURCE));
            Env.as(key).get(Env.ENVELOPES + "/" + id).then().statusCode(200).body("id", equalTo(id));
        }
    }

    @Test
    void everyShapeMistakeIs400WithTheFieldNamed() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 1);
        List.of(
                "{\"documentIds\": [\"" + doc + "\"], \"recipients\": [" + MARIE + "]}",
                body(doc, "{\"email\": \"not-an-email\", \"name\": \"X\"}", ""),
                body(doc, "{\"email\": \"a@b\", \"name\": \"X\"}", ""),
                body(doc, "{\"email\": \"x@example.com\"}", ""),
                body(doc, "{\"email\": \"x@example.com\", \"name\": \"X\", \"phone\": \"0791234567\"}", ""),
                "{\"subject\": \"S\", \"documentIds\": [], \"recipients\": [" + MARIE + "]}",
                "{\"subject\": \"S\", \"documentIds\": [\"" + doc + "\"], \"recipients\": []}",
                body(doc, MARIE, ", \"metadata\": {}, \"reminders\": {\"max\": 2}")
        ).forEach(b -> Env.json(key).body(b).post(Env.ENVELOPES).then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400)));
        // Malformed JSON and wrong enum values are 400 too, never 500.
        Env.json(key).body("{\"subject\": ").post(Env.ENVELOPES).then().statusCode(400)
                .contentType("application/problem+json");
        Env.json(key).body(body(doc, "{\"email\": \"x@example.com\", \"name\": \"X\", \"role\": \"BOSS\"}", ""))
                .post(Env.ENVELOPES).then().statusCode(400).contentType("application/problem+json");
        Env.as(key).contentType("text/plain").body("hello").post(Env.ENVELOPES).then().statusCode(415);
        assertEquals(0, Env.count("select count(*) from envelope where tenant_id = ?", key.tenantId()));
    }

    @Test
    void businessRulesAre422NamingWhatIsWrong() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 2);
        String otherTenantsDoc = Env.document(TestKeys.create().tenantId(), 1, 1000);
        unprocessable(key, body(doc, "{\"email\": \"cc@example.com\", \"name\": \"CC\", \"role\": \"CC\"}", ""),
                "at least one recipient must have role SIGNER");
        unprocessable(key, body(otherTenantsDoc, MARIE, ""), "does not exist");
        unprocessable(key, body(doc, MARIE + "," + MARIE, ""), "listed twice");
        unprocessable(key, body(doc, MARIE, ", \"provider\": \"docusign\""), "unknown provider 'docusign'");
        unprocessable(key, body(doc, MARIE, ", \"provider\": \"okdokument\", \"signatureLevel\": \"QES\""),
                "okdokument cannot sign at level QES");
        unprocessable(key, body(doc, MARIE + ", {\"email\": \"b@example.com\", \"name\": \"B\"}",
                ", \"provider\": \"okdokument\""), "takes one signer per envelope");
        unprocessable(key, body(doc, "{\"email\": \"x@example.com\", \"name\": \"X\", \"fields\": [{\"type\": "
                + "\"SIGNATURE\", \"page\": 3, \"x\": 10, \"y\": 10}]}", ""), "page 3 is beyond the last page");
        unprocessable(key, body(doc, "{\"email\": \"x@example.com\", \"name\": \"X\", \"fields\": [{\"type\": "
                + "\"INITIALS\", \"anchor\": \"{{sign}}\"}]}", ", \"provider\": \"certyneo\""),
                "certyneo cannot place fields of type INITIALS");
        unprocessable(key, body(doc, "{\"email\": \"x@example.com\", \"name\": \"X\", \"fields\": [{\"type\": "
                + "\"SIGNATURE\", \"page\": 1}]}", ""), "needs page, x and y");
        unprocessable(key, body(doc, MARIE, ", \"expiresAt\": \"2020-01-01T00:00:00Z\""), "must be in the future");
        assertEquals(0, Env.count("select count(*) from envelope where tenant_id = ?", key.tenantId()));
    }

    private static void unprocessable(TestKeys.TestKey key, String body, String detail) {
        Env.json(key).body(body).post(Env.ENVELOPES).then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    @Test
    void anUnavailableProviderIsRefusedAtSendNamingWhy() {
        TestKeys.TestKey key = TestKeys.create();
        Env.execute("delete from provider_capability where provider = 'certifaction'");
        String id = Env.json(key).body(body(Env.document(key, 1), MARIE, ", \"provider\": \"certifaction\""))
                .post(Env.ENVELOPES).then().statusCode(201).extract().path("id");
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=0").then().statusCode(422)
                .body("detail", containsString("certifaction is not available: no connector for it is running"));
        Env.as(key).get(Env.ENVELOPES + "/" + id).then().body("status", equalTo("DRAFT"));
        Env.capabilities(new ProviderCapabilities("certifaction", List.of(SignatureLevel.SES), true, false, false,
                false, false, List.of(), 1_000_000, false, "circuit breaker open", null, Env.now()));
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=0").then().statusCode(422)
                .body("detail", containsString("circuit breaker open"));
    }

    @Test
    void anotherTenantsEnvelopeIs404Everywhere() {
        TestKeys.TestKey owner = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        String id = Env.json(owner).body(Env.quickstartBody(Env.document(owner, 1))).post(Env.ENVELOPES).then()
                .statusCode(201).extract().path("id");
        Env.as(other).get(Env.ENVELOPES + "/" + id).then().statusCode(404).contentType("application/problem+json");
        Env.json(other).body("{\"subject\": \"mine now\"}").patch(Env.ENVELOPES + "/" + id).then().statusCode(404);
        Env.as(other).post(Env.ENVELOPES + "/" + id + "/send").then().statusCode(404);
        Env.as(other).delete(Env.ENVELOPES + "/" + id).then().statusCode(404);
        Env.as(other).get(Env.ENVELOPES + "/" + id + "/audit-trail").then().statusCode(404);
        Env.as(other).get(Env.ENVELOPES + "/" + id + "/signed-document").then().statusCode(404);
        Env.as(other).get(Env.ENVELOPES).then().statusCode(200).body("data", hasSize(0));
        Env.as(owner).get(Env.ENVELOPES + "/" + id).then().statusCode(200).body("subject",
                equalTo("Contrat de prestation"));
        Env.as(owner).get(Env.ENVELOPES + "/env_doesnotexist").then().statusCode(404);
        io.restassured.RestAssured.given().get(Env.ENVELOPES + "/" + id).then().statusCode(401);
    }

    @Test
    void aDraftCanBeChangedAndEachChangeIsAnnouncedWithItsDocuments() {
        TestKeys.TestKey key = TestKeys.create();
        String first = Env.document(key, 1);
        String second = Env.document(key, 4);
        String id = Env.json(key).body(Env.quickstartBody(first)).post(Env.ENVELOPES).then().statusCode(201)
                .extract().path("id");
        try (KafkaProbe events = new KafkaProbe(Topics.ENVELOPE_EVENTS)) {
            Env.json(key).body("{\"subject\": \"Contract v2\", \"documentIds\": [\"" + second + "\"], "
                            + "\"signingOrder\": \"SEQUENTIAL\", \"recipients\": [" + MARIE + ", {\"email\": "
                            + "\"boss@example.com\", \"name\": \"Boss\", \"fields\": [{\"type\": \"SIGNATURE\", "
                            + "\"page\": 4, \"x\": 72, \"y\": 700}]}], \"metadata\": {\"crmDealId\": \"D-1\"}}")
                    .patch(Env.ENVELOPES + "/" + id).then().statusCode(200)
                    .body("subject", equalTo("Contract v2"))
                    .body("documentIds", equalTo(List.of(second)))
                    .body("recipients", hasSize(2))
                    .body("recipients[1].order", equalTo(2))
                    .body("recipients[1].fields[0].documentId", equalTo(second))
                    .body("metadata.crmDealId", equalTo("D-1"));
            var updated = events.awaitRecord(r -> r.key().equals(id)).stream().filter(r -> r.key().equals(id))
                    .findFirst().orElseThrow();
            assertEquals("envelope.updated", KafkaProbe.header(updated, CloudEventHeaders.CE_TYPE));
            org.hamcrest.MatcherAssert.assertThat(updated.value(), containsString(second));
        }
        // A field on a page the new document lacks, and a PATCH once sent, are refused.
        Env.json(key).body("{\"recipients\": [{\"email\": \"x@example.com\", \"name\": \"X\", \"fields\": "
                + "[{\"type\": \"SIGNATURE\", \"page\": 5, \"x\": 1, \"y\": 1}]}]}").patch(Env.ENVELOPES + "/" + id)
                .then().statusCode(422);
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=0").then().statusCode(202);
        Env.json(key).body("{\"subject\": \"too late\"}").patch(Env.ENVELOPES + "/" + id).then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void listsFilterByStatusAndProviderAndPageWithACursor() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 1);
        for (int i = 0; i < 3; i++) {
            Env.json(key).body(Env.quickstartBody(doc)).post(Env.ENVELOPES).then().statusCode(201);
        }
        String certyneo = Env.json(key).body(body(doc, MARIE, ", \"provider\": \"certyneo\"")).post(Env.ENVELOPES)
                .then().statusCode(201).extract().path("id");
        String next = Env.as(key).queryParam("limit", 2).get(Env.ENVELOPES).then().statusCode(200)
                .body("data", hasSize(2)).body("data[0].id", equalTo(certyneo)).body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        Env.as(key).queryParam("limit", 2).queryParam("cursor", next).get(Env.ENVELOPES).then().statusCode(200)
                .body("data", hasSize(2)).body("nextCursor", nullValue()).body("data.id", not(hasItem(certyneo)));
        Env.as(key).queryParam("provider", "certyneo").get(Env.ENVELOPES).then().body("data", hasSize(1));
        Env.as(key).queryParam("status", "DRAFT,SENT").get(Env.ENVELOPES).then().body("data", hasSize(4));
        Env.as(key).queryParam("status", "COMPLETED").get(Env.ENVELOPES).then().body("data", hasSize(0));
        Env.as(key).queryParam("status", "DONE").get(Env.ENVELOPES).then().statusCode(400);
        Env.as(key).queryParam("createdAfter", "yesterday").get(Env.ENVELOPES).then().statusCode(400);
        Env.as(key).queryParam("createdAfter", "2020-01-01T00:00:00Z").get(Env.ENVELOPES).then()
                .body("data", hasSize(4));
    }

    @Test
    void anIdempotencyKeyReplaysTheSameEnvelopeAndRefusesAnotherBody() {
        TestKeys.TestKey key = TestKeys.create();
        String doc = Env.document(key, 1);
        String idem = UUID.randomUUID().toString();
        String first = Env.json(key).header("Idempotency-Key", idem).body(Env.quickstartBody(doc))
                .post(Env.ENVELOPES).then().statusCode(201).extract().path("id");
        Env.json(key).header("Idempotency-Key", idem).body(Env.quickstartBody(doc)).post(Env.ENVELOPES).then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        Env.json(key).header("Idempotency-Key", idem).body(body(doc, MARIE, "")).post(Env.ENVELOPES).then()
                .statusCode(422).body("type", endsWith("/idempotency-key-reused"));
        assertEquals(1, Env.count("select count(*) from envelope where tenant_id = ?", key.tenantId()));
        String second = Env.json(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Env.quickstartBody(doc)).post(Env.ENVELOPES).then().statusCode(201).extract().path("id");
        assertNotEquals(first, second);
    }
}
