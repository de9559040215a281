package dev.signport.envelope.api;

import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.envelope.support.DocumentServiceResource;
import dev.signport.envelope.support.Env;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys as every service sees them, and the PDFs an envelope ends with, next to a real document-service: a key
 * created or revoked here changes what document-service accepts within seconds, both share one rate limit per key,
 * and the signed document and audit trail come back as a client would download them.
 */
@QuarkusTest
@QuarkusTestResource(DocumentServiceResource.class)
class KeysAndDocumentsTest {

    static final String ADMIN = "Bearer test-admin-secret";

    @BeforeEach
    void providers() {
        Env.providers();
    }

    private static RequestSpecification documentService(String secret) {
        return RestAssured.given().baseUri(DocumentServiceResource.url()).header("Authorization", "Bearer " + secret);
    }

    private static String tenant() {
        return "t" + Long.toString(System.nanoTime(), 36);
    }

    /** The operator's bootstrap: a tenant and its first key, with the admin secret. */
    private static String bootstrapKey(String tenant) {
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body("{\"name\": \"Acme\"}")
                .put("/admin/v1/tenants/" + tenant).then().statusCode(201).body("id", equalTo(tenant));
        String secret = RestAssured.given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\": \"first\"}").post("/admin/v1/tenants/" + tenant + "/keys").then().statusCode(201)
                .body("secret", startsWith("sk_test_")).body("mode", equalTo("TEST")).extract().path("secret");
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given()
                .header("Authorization", "Bearer " + secret).get("/api/v1/keys").statusCode() == 200);
        return secret;
    }

    @Test
    void theAdminSecretBootstrapsATenantAndNothingElseDoes() {
        String tenant = tenant();
        RestAssured.given().contentType("application/json").body("{}").put("/admin/v1/tenants/" + tenant).then()
                .statusCode(401).contentType("application/problem+json");
        RestAssured.given().header("Authorization", "Bearer wrong").contentType("application/json").body("{}")
                .put("/admin/v1/tenants/" + tenant).then().statusCode(401);
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .put("/admin/v1/tenants/Bad Tenant!").then().statusCode(400);
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body("{}")
                .post("/admin/v1/tenants/" + tenant + "/keys").then().statusCode(404);
        String secret = bootstrapKey(tenant);
        RestAssured.given().header("Authorization", ADMIN).contentType("application/json").body("{\"name\": \"Acme\"}")
                .put("/admin/v1/tenants/" + tenant).then().statusCode(200);
        assertTrue(secret.length() >= "sk_test_".length() + 43, "32 random bytes at least");
        assertEquals(0, Env.count("select count(*) from api_key where key_hash like 'sk_%' or display_prefix = ?",
                secret), "the secret itself is never stored");
    }

    @Test
    void aKeyCreatedHereWorksInDocumentServiceAndStopsWorkingEverywhereOnceRevoked() {
        String admin = bootstrapKey(tenant());
        var created = RestAssured.given().header("Authorization", "Bearer " + admin).contentType("application/json")
                .body("{\"name\": \"ci\"}").post("/api/v1/keys").then().statusCode(201)
                .body("secret", startsWith("sk_test_")).body("prefix", notNullValue()).extract();
        String secret = created.path("secret");
        String keyId = created.path("id");
        // A test key cannot mint live keys.
        RestAssured.given().header("Authorization", "Bearer " + admin).contentType("application/json")
                .body("{\"mode\": \"LIVE\"}").post("/api/v1/keys").then().statusCode(403);

        await().atMost(Duration.ofSeconds(30)).until(() -> documentService(secret).get("/api/v1/documents")
                .statusCode() == 200);
        RestAssured.given().header("Authorization", "Bearer " + admin).get("/api/v1/keys").then().statusCode(200)
                .body("data.id", hasItem(keyId))
                .body("data.find { it.id == '" + keyId + "' }.secret", nullValue())
                .body("data.find { it.id == '" + keyId + "' }.name", equalTo("ci"))
                .body("data.find { it.id == '" + keyId + "' }.lastUsedAt", notNullValue());

        RestAssured.given().header("Authorization", "Bearer " + admin).delete("/api/v1/keys/" + keyId).then()
                .statusCode(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> documentService(secret).get("/api/v1/documents")
                .statusCode() == 401);
        await().atMost(Duration.ofSeconds(10)).until(() -> RestAssured.given()
                .header("Authorization", "Bearer " + secret).get("/api/v1/keys").statusCode() == 401);
        RestAssured.given().header("Authorization", "Bearer " + admin).get("/api/v1/keys").then()
                .body("data.find { it.id == '" + keyId + "' }.revokedAt", notNullValue());
        // Another tenant cannot see or revoke it.
        String other = bootstrapKey(tenant());
        RestAssured.given().header("Authorization", "Bearer " + other).delete("/api/v1/keys/" + keyId).then()
                .statusCode(404);
        RestAssured.given().header("Authorization", "Bearer " + other).get("/api/v1/keys").then()
                .body("data.id", not(hasItem(keyId)));
    }

    @Test
    void oneKeysBudgetIsSharedByEveryService() {
        String secret = bootstrapKey(tenant());
        AtomicInteger allowed = new AtomicInteger();
        int here = 0;
        while (here < 400 && RestAssured.given().header("Authorization", "Bearer " + secret).get("/api/v1/keys")
                .statusCode() != 429) {
            here++;
        }
        assertTrue(here >= 150 && here < 400, "envelope-service refused after the burst: " + here);
        // What this service spent, document-service cannot spend again: it refuses within a lease or two.
        int there = 0;
        int status;
        while ((status = documentService(secret).get("/api/v1/documents").statusCode()) == 200 && there < 60) {
            there++;
            allowed.incrementAndGet();
        }
        assertEquals(429, status, "document-service shares the budget");
        assertTrue(there <= 40, "at most one lease per replica on top of the burst: " + there);
        documentService(secret).get("/api/v1/documents").then().statusCode(429)
                .header("Retry-After", notNullValue()).contentType("application/problem+json");
    }

    @Test
    void theSignedDocumentAndTheAuditTrailOfACompletedEnvelope() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        await().atMost(Duration.ofSeconds(30)).until(() -> documentService(key.secret()).get("/api/v1/documents")
                .statusCode() == 200);
        byte[] original = pdf(2);
        byte[] signed = pdf(3);
        var uploaded = documentService(key.secret()).multiPart("file", "contrat.pdf", original, "application/pdf")
                .post("/api/v1/documents").then().statusCode(201).extract();
        String doc = uploaded.path("id");
        String sha = uploaded.path("sha256");
        String signedDoc = documentService(key.secret()).multiPart("file", "signed.pdf", signed, "application/pdf")
                .post("/api/v1/documents").then().statusCode(201).extract().path("id");

        // Created right after the upload, as the quickstart does: the document's event is waited for.
        String id = Env.json(key).header("User-Agent", "quickstart-curl/8.5").body(Env.quickstartBody(doc))
                .post(Env.ENVELOPES).then().statusCode(201).extract().path("id");
        Env.as(key).get(Env.ENVELOPES + "/" + id + "/signed-document").then().statusCode(409)
                .contentType("application/problem+json");
        Env.as(key).post(Env.ENVELOPES + "/" + id + "/send?wait=0").then().statusCode(202);
        String recipient = Env.as(key).get(Env.ENVELOPES + "/" + id).then().extract().path("recipients[0].id");
        Env.providerEvent(new ProviderAccepted(id, key.tenantId(), "local", "ext-1", null, Instant.now(),
                List.of(new ProviderAccepted.SignUrl(recipient, "https://sign.example/x", null))));
        Env.providerEvent(new ProviderRecipientSigned(id, key.tenantId(), "local", "ext-1", null, Instant.now(),
                recipient));
        Env.providerEvent(new ProviderCompleted(id, key.tenantId(), "local", "ext-1", null, Instant.now(), signedDoc,
                null));
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPLETED".equals(
                Env.as(key).get(Env.ENVELOPES + "/" + id).then().extract().path("status")));

        byte[] downloaded = Env.as(key).get(Env.ENVELOPES + "/" + id + "/signed-document").then().statusCode(200)
                .contentType("application/pdf").header("Content-Disposition", containsString("signed.pdf"))
                .extract().asByteArray();
        assertArrayEquals(signed, downloaded);

        byte[] trail = Env.as(key).get(Env.ENVELOPES + "/" + id + "/audit-trail").then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        String text;
        try (PDDocument pdf = Loader.loadPDF(trail)) {
            text = new PDFTextStripper().getText(pdf).replaceAll("\\s+", "");
        }
        for (String expected : List.of(id, "envelope.created", "envelope.send_requested", "envelope.sent",
                "recipient.signed", "envelope.completed", sha, "quickstart-curl/8.5", "127.0.0.1", "client@example.com")) {
            assertTrue(text.contains(expected.replaceAll("\\s+", "")), "audit trail lists " + expected);
        }
    }

    static byte[] pdf(int pages) throws Exception {
        try (PDDocument d = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                d.addPage(new PDPage());
            }
            d.getDocumentInformation().setTitle("test " + System.nanoTime());
            d.save(out);
            return out.toByteArray();
        }
    }
}
