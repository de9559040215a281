package dev.signport.simulators;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.simulators.CallbackReceiver.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OKdokument sandbox through its public API, as the connector uses it. */
@QuarkusTest
class OkdokumentApiTest extends SimTestSupport {

    @Test
    void happyPathCreateSignCallbackDownload() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            Map<String, Object> body = new HashMap<>(okdokumentRequest(receiver.url("/callbacks/okdokument/secret-token")));
            body.put("allowedFields", Map.of("signature", true));
            body.put("somethingNew", 1);
            JsonPath created = okdokument().contentType(ContentType.JSON).body(body)
                    .post("/okdokument/JSON/signatureRequest")
                    .then().statusCode(200).body("state", equalTo("tosign")).extract().jsonPath();
            String id = created.getString("signatureRequestId");
            assertEquals("http://localhost:" + created.getString("url").split(":")[2].split("/")[0]
                    + "/okdokument/openDocument/" + id, created.getString("url"));

            okdokument().get("/okdokument/JSON/signatureRequest/" + id)
                    .then().statusCode(200).body("state", equalTo("tosign")).body("filename", equalTo("contract.pdf"));
            okdokument().get("/okdokument/JSON/signatureRequest/counter")
                    .then().statusCode(200).body("remaining", equalTo(999)).body("used", equalTo(1));
            String before = okdokument().get("/okdokument/JSON/document/" + id).then().statusCode(200).extract().path("content");
            assertArrayEquals(PDF, Base64.getDecoder().decode(before));

            given().post("/_control/okdokument/envelopes/" + id + "/recipients/whoever@example.com/sign")
                    .then().statusCode(200).body("state", equalTo("signed"));

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            Received cb = receiver.received().get(0);
            assertEquals("/callbacks/okdokument/secret-token", cb.path());
            assertNull(cb.header("Authorization"));
            assertNull(cb.header("x-api-key"));
            JsonPath json = JsonPath.from(cb.bodyText());
            assertEquals("signed", json.getString("state"));
            assertEquals(created.getInt("id"), json.getInt("id"));
            assertEquals(id, json.getString("signatureRequestId"));

            okdokument().get("/okdokument/JSON/signatureRequest/" + id)
                    .then().body("state", equalTo("signed")).body("signedAt", notNullValue());
            JsonPath doc = okdokument().get("/okdokument/JSON/document/" + id).then().statusCode(200).extract().jsonPath();
            assertEquals("contract.pdf", doc.getString("filename"));
            byte[] signed = Base64.getDecoder().decode(doc.getString("content"));
            assertArrayEquals(PDF, Arrays.copyOf(signed, PDF.length));
            assertTrue(new String(signed, StandardCharsets.US_ASCII).endsWith("%%EOF\n%%Signed-by-okdokument-sim\n"));

            okdokument().get("/okdokument/JSON/documents")
                    .then().statusCode(200).body("documents", hasSize(1))
                    .body("documents[0].signatureRequestId", equalTo(id)).body("documents[0].state", equalTo("signed"));
            okdokument().delete("/okdokument/JSON/signatureRequest/" + id)
                    .then().statusCode(409).body("errorCode", equalTo("INVALID_STATE"));
        }
    }

    @Test
    void exhaustedQuotaIs402AndTheCounterSaysSo() {
        given().contentType(ContentType.JSON).body(Map.of("remaining", 1))
                .put("/_control/okdokument/quota").then().statusCode(200).body("remaining", equalTo(1));
        createSignatureRequest("http://127.0.0.1:9/cb");
        okdokument().contentType(ContentType.JSON).body(okdokumentRequest("http://127.0.0.1:9/cb"))
                .post("/okdokument/JSON/signatureRequest")
                .then().statusCode(402)
                .body("errorCode", equalTo("NO_SIGNATURE_REQUESTS"))
                .body("message", equalTo("No signature requests left on this account"));
        okdokument().get("/okdokument/JSON/signatureRequest/counter")
                .then().body("remaining", equalTo(0)).body("used", equalTo(1));
    }

    @Test
    void cancelSetsCanceledAndCallsBack() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String id = createSignatureRequest(receiver.url("/cb"));
            okdokument().delete("/okdokument/JSON/signatureRequest/" + id).then().statusCode(200).body("state", equalTo("canceled"));
            okdokument().delete("/okdokument/JSON/signatureRequest/" + id).then().statusCode(200);
            given().post("/_control/okdokument/envelopes/" + id + "/recipients/x@example.com/sign").then().statusCode(409);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            assertEquals("canceled", JsonPath.from(receiver.received().get(0).bodyText()).getString("state"));
        }
    }

    @Test
    void callbackThatNeverGetsThroughEndsInErrorsendinfo() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver().answer(500, 500, 500, 500)) {
            String id = createSignatureRequest(receiver.url("/cb"));
            given().post("/_control/okdokument/envelopes/" + id + "/recipients/x@example.com/sign").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> "errorsendinfo".equals(
                    okdokument().get("/okdokument/JSON/signatureRequest/" + id).then().extract().path("state")));
            assertEquals(4, receiver.received().size(), "one attempt and three retries");
            // Still signed: the document can be fetched.
            okdokument().get("/okdokument/JSON/document/" + id).then().statusCode(200);
        }
    }

    @Test
    void wrongKeyIs401AndBadBodiesAre400() {
        given().get("/okdokument/JSON/documents").then().statusCode(401).body("errorCode", equalTo("UNAUTHORIZED"));
        given().header("x-api-key", "nope").get("/okdokument/JSON/documents").then().statusCode(401);
        okdokument().contentType(ContentType.JSON).body("[1,2")
                .post("/okdokument/JSON/signatureRequest").then().statusCode(400).body("errorCode", equalTo("INVALID_JSON"));
        okdokument().contentType(ContentType.JSON)
                .body(Map.of("resulturl", "https://x.example/r", "sendInfoURL", "https://x.example/cb",
                        "filedata", Map.of("content", Base64.getEncoder().encodeToString("hello".getBytes()), "filename", "a.pdf")))
                .post("/okdokument/JSON/signatureRequest").then().statusCode(400).body("errorCode", equalTo("INVALID_FILE"));
        okdokument().contentType(ContentType.JSON)
                .body(Map.of("resulturl", "https://x.example/r", "filedata", Map.of("content", base64Pdf(), "filename", "a.pdf")))
                .post("/okdokument/JSON/signatureRequest").then().statusCode(400).body("errorCode", equalTo("INVALID_FIELD"));
        okdokument().contentType(ContentType.JSON)
                .body(Map.of("resulturl", "https://x.example/r", "sendInfoURL", "https://x.example/cb",
                        "filedata", Map.of("content", "%%%not-base64", "filename", "a.pdf")))
                .post("/okdokument/JSON/signatureRequest").then().statusCode(400).body("errorCode", equalTo("INVALID_FILE"));
        okdokument().get("/okdokument/JSON/signatureRequest/nope").then().statusCode(404).body("errorCode", equalTo("NOT_FOUND"));
        // None of these consumed a signature request.
        okdokument().get("/okdokument/JSON/signatureRequest/counter").then().body("used", equalTo(0));
    }

    @Test
    void openDocumentPageSignsAndRedirectsToResultUrl() {
        String id = createSignatureRequest("http://127.0.0.1:9/cb");
        given().get("/okdokument/openDocument/" + id).then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("contract.pdf")).body(containsString("tosign"));
        given().redirects().follow(false).formParam("action", "sign").post("/okdokument/openDocument/" + id)
                .then().statusCode(303).header("Location", startsWith("https://app.example.com/result?name=contract.pdf&docid="))
                .header("Location", containsString("result=success"));
        okdokument().get("/okdokument/JSON/signatureRequest/" + id).then().body("state", equalTo("signed"));
        given().get("/okdokument/openDocument/nope").then().statusCode(404);
    }

    @Test
    void resetRestoresQuotaAndForgetsRequests() {
        String id = createSignatureRequest("http://127.0.0.1:9/cb");
        given().post("/_control/reset").then().statusCode(204);
        okdokument().get("/okdokument/JSON/signatureRequest/" + id).then().statusCode(404);
        okdokument().get("/okdokument/JSON/signatureRequest/counter").then().body("remaining", equalTo(1000)).body("used", equalTo(0));
        given().get("/_control/okdokument/envelopes/" + id).then().statusCode(404);
    }
}
