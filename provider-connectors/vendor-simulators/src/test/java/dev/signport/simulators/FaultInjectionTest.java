package dev.signport.simulators;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Faults injected through the control API, the rate limit, and the call log that records all of it. */
@QuarkusTest
class FaultInjectionTest extends SimTestSupport {

    private static void fault(String vendor, Map<String, Object> body) {
        given().contentType(ContentType.JSON).body(body).post("/_control/" + vendor + "/faults").then().statusCode(201);
    }

    @Test
    void statusFaultAnswersWithTheVendorsErrorBodyAndRetryAfterThenCountsDown() {
        fault("certyneo", Map.of("operation", "create-envelope", "kind", "status", "status", 503, "retryAfterSeconds", 7));
        String docId = uploadPdf(); // another operation: untouched
        Map<String, Object> body = Map.of("subject", "S", "documentIds", List.of(docId),
                "recipients", List.of(Map.of("email", "a@example.com", "name", "A", "role", "SIGNER")));
        certyneo().contentType(ContentType.JSON).body(body).post("/certyneo/api/v1/envelopes")
                .then().statusCode(503).header("Retry-After", "7").body("error.code", equalTo("service_unavailable"));
        certyneo().contentType(ContentType.JSON).body(body).post("/certyneo/api/v1/envelopes").then().statusCode(201);

        fault("okdokument", Map.of("operation", "counter", "kind", "status", "status", 500));
        okdokument().get("/okdokument/JSON/signatureRequest/counter")
                .then().statusCode(500).body("errorCode", equalTo("INTERNAL_ERROR"));
        okdokument().get("/okdokument/JSON/signatureRequest/counter").then().statusCode(200);
    }

    @Test
    void wildcardFaultHitsEveryOperationUntilClearedButNotTheControlApi() {
        fault("certyneo", Map.of("operation", "*", "kind", "status", "status", 502, "times", -1));
        certyneo().get("/certyneo/api/v1/envelopes").then().statusCode(502).body("error.code", equalTo("bad_gateway"));
        certyneo().get("/certyneo/api/v1/documents").then().statusCode(502);
        given().get("/certyneo/api/v1/documents").then().statusCode(502); // the outage answers before auth
        given().get("/_control/certyneo/faults").then().statusCode(200).body("[0].times", equalTo(-1));
        okdokument().get("/okdokument/JSON/documents").then().statusCode(200); // other vendor unaffected
        given().delete("/_control/certyneo/faults").then().statusCode(204);
        certyneo().get("/certyneo/api/v1/envelopes").then().statusCode(200);
    }

    @Test
    void timesCountsDown() {
        fault("okdokument", Map.of("operation", "list", "kind", "status", "status", 429, "retryAfterSeconds", 1, "times", 2));
        okdokument().get("/okdokument/JSON/documents").then().statusCode(429).header("Retry-After", "1");
        okdokument().get("/okdokument/JSON/documents").then().statusCode(429);
        okdokument().get("/okdokument/JSON/documents").then().statusCode(200);
    }

    @Test
    void delayFaultAnswersLater() {
        fault("certyneo", Map.of("operation", "get-envelope", "kind", "delay", "delayMs", 700));
        String envId = createEnvelope("PARALLEL", "a@example.com");
        long start = System.nanoTime();
        certyneo().get("/certyneo/api/v1/envelopes/" + envId).then().statusCode(200);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 650, "took " + tookMs + " ms");

        start = System.nanoTime();
        certyneo().get("/certyneo/api/v1/envelopes/" + envId).then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 650, "the delay fired once only");
    }

    @Test
    void delayedCallsDoNotHoldOthersUp() throws Exception {
        fault("certyneo", Map.of("operation", "list-envelopes", "kind", "delay", "delayMs", 1500, "times", 20));
        // More slow calls in flight than a small machine has event-loop threads: a blocking delay would stall the rest.
        List<Thread> slow = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> certyneo().get("/certyneo/api/v1/envelopes").then().statusCode(200));
            t.start();
            slow.add(t);
        }
        // All eight are in the simulator (each has fired the fault) before the fast call goes.
        await().atMost(Duration.ofSeconds(10)).until(
                () -> given().get("/_control/certyneo/faults").then().extract().<Integer>path("[0].times") == 12);
        long start = System.nanoTime();
        certyneo().get("/certyneo/api/v1/documents").then().statusCode(200);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "a fast call waited for the slow ones");
        for (Thread t : slow) {
            t.join(10_000);
        }
    }

    @Test
    void dropCallbackSkipsTheNextWebhookOnly() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            registerWebhook(receiver, "envelope.sent", "envelope.voided");
            fault("certyneo", Map.of("operation", "callback", "kind", "drop-callback"));
            String envId = sentEnvelope("PARALLEL", "a@example.com");
            certyneo().delete("/certyneo/api/v1/envelopes/" + envId).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
            // envelope.sent was decided (and dropped) before envelope.voided was queued.
            assertEquals(1, receiver.received().size());
            assertEquals("envelope.voided", JsonPath.from(receiver.received().get(0).bodyText()).getString("event"));
        }
    }

    @Test
    void duplicateCallbackDeliversTwiceWithTheSameId() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            fault("okdokument", Map.of("operation", "callback", "kind", "duplicate-callback"));
            String id = createSignatureRequest(receiver.url("/callbacks/okdokument/tok"));
            given().post("/_control/okdokument/envelopes/" + id + "/recipients/any@example.com/sign").then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
            assertEquals(receiver.received().get(0).bodyText(), receiver.received().get(1).bodyText());
        }
        try (CallbackReceiver receiver = new CallbackReceiver()) {
            String secret = registerWebhook(receiver, "envelope.sent");
            fault("certyneo", Map.of("operation", "*", "kind", "duplicate-callback"));
            sentEnvelope("PARALLEL", "a@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
            var a = receiver.received().get(0);
            var b = receiver.received().get(1);
            assertEquals(a.header("webhook-id"), b.header("webhook-id"));
            assertEquals("sha256=" + hmacHex(secret, b.body()), b.header("X-Certyneo-Signature"));
        }
    }

    @Test
    void failedWebhookIsRetriedThreeTimes() throws Exception {
        try (CallbackReceiver receiver = new CallbackReceiver().answer(500, 500, 503)) {
            registerWebhook(receiver, "envelope.sent");
            sentEnvelope("PARALLEL", "a@example.com");
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 4);
            assertEquals(1, receiver.received().stream().map(r -> r.header("webhook-id")).distinct().count());
        }
    }

    @Test
    void invalidFaultsAreRefused() {
        given().contentType(ContentType.JSON).body(Map.of("operation", "nope", "kind", "status", "status", 500))
                .post("/_control/certyneo/faults").then().statusCode(400).body("error.code", equalTo("validation_error"));
        given().contentType(ContentType.JSON).body(Map.of("operation", "create-envelope", "kind", "drop-callback"))
                .post("/_control/certyneo/faults").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("operation", "*", "kind", "status"))
                .post("/_control/certyneo/faults").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("operation", "*", "kind", "explode"))
                .post("/_control/okdokument/faults").then().statusCode(400);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        given().contentType(ContentType.JSON).body(Map.of("perMinute", 6, "burst", 3))
                .put("/_control/certyneo/rate-limit").then().statusCode(200).body("burst", equalTo(3));
        for (int i = 0; i < 3; i++) {
            certyneo().get("/certyneo/api/v1/envelopes").then().statusCode(200);
        }
        String retryAfter = certyneo().get("/certyneo/api/v1/envelopes")
                .then().statusCode(429).body("error.code", equalTo("rate_limited")).extract().header("Retry-After");
        int seconds = Integer.parseInt(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 10, retryAfter);
        // Unauthenticated calls are refused before they could use up the key's budget.
        given().get("/certyneo/api/v1/envelopes").then().statusCode(401);

        given().post("/_control/reset").then().statusCode(204);
        given().get("/_control/certyneo/rate-limit").then().body("perMinute", equalTo(100)).body("burst", equalTo(200));
        certyneo().get("/certyneo/api/v1/envelopes").then().statusCode(200);
    }

    @Test
    void callLogRecordsEveryVendorCallIncludingRefusedOnes() {
        fault("certyneo", Map.of("operation", "list-documents", "kind", "status", "status", 503));
        certyneo().get("/certyneo/api/v1/documents");
        given().get("/certyneo/api/v1/envelopes");
        certyneo().get("/certyneo/api/v1/envelopes");
        certyneo().get("/certyneo/api/v1/nothing-here");
        given().get("/_control/certyneo/faults"); // control calls are not vendor calls

        given().get("/_control/certyneo/calls").then().statusCode(200)
                .body("", hasSize(4))
                .body("operation", equalTo(List.of("list-documents", "list-envelopes", "list-envelopes", "unknown")))
                .body("status", equalTo(List.of(503, 401, 200, 404)))
                .body("[0].method", equalTo("GET"))
                .body("[0].path", equalTo("/certyneo/api/v1/documents"))
                .body("[0].atEpochMillis", greaterThanOrEqualTo(1_700_000_000_000L));
        given().get("/_control/okdokument/calls").then().body("", hasSize(0));
        given().delete("/_control/certyneo/calls").then().statusCode(204);
        given().get("/_control/certyneo/calls").then().body("", hasSize(0));
    }
}
