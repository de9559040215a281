package dev.signport.webhook.api;

import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** {@code /api/v1/webhooks}: creation with a secret shown once, CRUD, validation and tenant isolation. */
@QuarkusTest
class WebhookApiTest {

    private static final String URL = "https://public.test/hooks/signport";

    @Test
    void createShowsTheSecretOnceAndStoresItSealed() {
        TestKeys.TestKey key = TestKeys.create();
        var created = Env.json(key)
                .body(Map.of("url", URL, "events", List.of("envelope.completed", "envelope.declined"),
                        "description", "CRM"))
                .post(Env.WEBHOOKS).then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/webhooks/wh_[0-9A-Z]{26}"))
                .body("id", matchesPattern("wh_[0-9A-Z]{26}"))
                .body("url", equalTo(URL))
                .body("events", equalTo(List.of("envelope.completed", "envelope.declined")))
                .body("description", equalTo("CRM"))
                .body("enabled", equalTo(true))
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]+=*"))
                .extract();
        String id = created.path("id");
        String secret = created.path("secret");
        assertEquals(32, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);

        Env.as(key).get(Env.WEBHOOKS + "/" + id).then().statusCode(200).body("id", equalTo(id))
                .body("$", not(hasKey("secret")));
        Env.as(key).get(Env.WEBHOOKS).then().statusCode(200).body("data.id", hasItems(id))
                .body("data[0]", not(hasKey("secret")));

        byte[] sealed = (byte[]) Env.query("select secret from webhook_endpoint where id = ?", id).get(0)[0];
        String stored = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(stored.contains(secret.substring(6)), "the secret is stored in clear");
        assertFalse(stored.contains(new String(Base64.getDecoder().decode(secret.substring(6)),
                StandardCharsets.ISO_8859_1)), "the secret's bytes are stored in clear");
    }

    @Test
    void listIsCursorPaginatedNewestFirst() {
        TestKeys.TestKey key = TestKeys.create();
        String a = Env.webhook(key, URL + "/a", "*").id();
        String b = Env.webhook(key, URL + "/b", "*").id();
        String c = Env.webhook(key, URL + "/c", "*").id();
        var first = Env.as(key).get(Env.WEBHOOKS + "?limit=2").then().statusCode(200)
                .body("data.id", equalTo(List.of(c, b))).body("nextCursor", notNullValue()).extract();
        Env.as(key).get(Env.WEBHOOKS + "?limit=2&cursor=" + first.path("nextCursor")).then().statusCode(200)
                .body("data.id", equalTo(List.of(a))).body("nextCursor", nullValue());
        Env.as(key).get(Env.WEBHOOKS + "?limit=0").then().statusCode(400);
        Env.as(key).get(Env.WEBHOOKS + "?cursor=%%%").then().statusCode(400);
    }

    @Test
    void patchChangesWhatItNamesAndDeleteRemovesIt() {
        TestKeys.TestKey key = TestKeys.create();
        String id = Env.webhook(key, URL, "envelope.sent").id();
        String path = Env.WEBHOOKS + "/" + id;
        Env.json(key).body(Map.of("events", List.of("*"), "url", URL + "/v2")).patch(path).then().statusCode(200)
                .body("events", equalTo(List.of("*"))).body("url", equalTo(URL + "/v2"));
        Env.json(key).body(Map.of("enabled", false)).patch(path).then().statusCode(200)
                .body("enabled", equalTo(false)).body("disabledReason", equalTo("DISABLED_BY_OWNER"));
        Env.json(key).body(Map.of("enabled", true, "description", "again")).patch(path).then().statusCode(200)
                .body("enabled", equalTo(true)).body("$", not(hasKey("disabledReason")))
                .body("description", equalTo("again"));
        Env.json(key).body(Map.of()).patch(path).then().statusCode(400);
        Env.json(key).body(Map.of("events", List.of("envelope.sent", "envelope.exploded"))).patch(path)
                .then().statusCode(400).body("errors[0].field", equalTo("events[1]"));

        Env.as(key).delete(path).then().statusCode(204);
        Env.as(key).get(path).then().statusCode(404).contentType("application/problem+json");
        Env.as(key).delete(path).then().statusCode(404);
    }

    @Test
    void invalidRequestsAreProblems() {
        TestKeys.TestKey key = TestKeys.create();
        Env.json(key).body(Map.of("events", List.of("*"))).post(Env.WEBHOOKS).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("url"));
        Env.json(key).body(Map.of("url", URL, "events", List.of())).post(Env.WEBHOOKS).then().statusCode(400)
                .body("errors[0].field", equalTo("events"));
        Env.json(key).body(Map.of("url", URL)).post(Env.WEBHOOKS).then().statusCode(400)
                .body("errors[0].field", equalTo("events"));
        Env.json(key).body(Map.of("url", URL, "events", List.of("envelope.sent", "envelope.voided")))
                .post(Env.WEBHOOKS).then().statusCode(400).body("errors[0].field", equalTo("events[1]"));
        Env.json(key).body(Map.of("url", "not a url", "events", List.of("*"))).post(Env.WEBHOOKS).then()
                .statusCode(400).body("errors[0].field", equalTo("url"));
        Env.json(key).body(Map.of("url", "ftp://public.test/x", "events", List.of("*"))).post(Env.WEBHOOKS)
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        Env.json(key).body(Map.of("url", URL, "events", List.of("*"), "description", "x".repeat(501)))
                .post(Env.WEBHOOKS).then().statusCode(400).body("errors[0].field", equalTo("description"));
        Env.json(key).body("{\"url\": ").post(Env.WEBHOOKS).then().statusCode(400)
                .contentType("application/problem+json");
        Env.as(key).get(Env.WEBHOOKS + "/wh_missing/deliveries?status=LOST").then().statusCode(400);
        RestAssured.given().contentType(ContentType.JSON).body(Map.of("url", URL, "events", List.of("*")))
                .post(Env.WEBHOOKS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anotherTenantsWebhookDoesNotExist() {
        TestKeys.TestKey owner = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            isolated(owner, other, Env.webhook(owner, receiver.url(), "*").id());
        }
    }

    private static void isolated(TestKeys.TestKey owner, TestKeys.TestKey other, String id) {
        String deliveryId = Env.as(owner).post(Env.WEBHOOKS + "/" + id + "/test").then().statusCode(202)
                .extract().path("id");
        String path = Env.WEBHOOKS + "/" + id;

        Env.as(other).get(path).then().statusCode(404).contentType("application/problem+json");
        Env.json(other).body(Map.of("enabled", false)).patch(path).then().statusCode(404);
        Env.as(other).delete(path).then().statusCode(404);
        Env.as(other).post(path + "/rotate-secret").then().statusCode(404);
        Env.as(other).post(path + "/test").then().statusCode(404);
        Env.as(other).get(path + "/deliveries").then().statusCode(404);
        Env.as(other).get(path + "/deliveries/" + deliveryId).then().statusCode(404);
        Env.as(other).post(path + "/deliveries/" + deliveryId + "/retry").then().statusCode(404);
        Env.json(other).body(Map.of("since", "2025-01-01T00:00:00Z")).post(path + "/replay").then().statusCode(404);
        Env.as(other).get(Env.WEBHOOKS).then().statusCode(200).body("data.id", not(hasItems(id)));

        // Still there for its owner; a delivery id under another of its webhooks is not found either.
        Env.as(owner).get(path).then().statusCode(200).body("enabled", equalTo(true));
        String second = Env.webhook(owner, URL + "/2", "*").id();
        Env.as(owner).get(Env.WEBHOOKS + "/" + second + "/deliveries/" + deliveryId).then().statusCode(404);
        Env.as(owner).post(Env.WEBHOOKS + "/" + second + "/deliveries/" + deliveryId + "/retry").then()
                .statusCode(404);
        Env.as(owner).post(path + "/deliveries/dlv_missing/retry").then().statusCode(404);
    }

    @Test
    void everyRouteIsInTheOpenApiDocument() {
        RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/webhooks'.post.summary", notNullValue())
                .body("paths.'/api/v1/webhooks/{id}/replay'.post.requestBody", notNullValue())
                .body("paths.'/api/v1/webhooks/{id}/rotate-secret'.post", notNullValue())
                .body("paths.'/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry'.post", notNullValue())
                .body("paths.'/api/v1/webhooks/{id}/test'.post", notNullValue());
    }

    @Test
    void creationIsIdempotentPerKey() {
        TestKeys.TestKey key = TestKeys.create();
        Map<String, Object> body = Map.of("url", URL, "events", List.of("*"));
        var first = Env.json(key).header("Idempotency-Key", "create-1").body(body).post(Env.WEBHOOKS).then()
                .statusCode(201).extract();
        var again = Env.json(key).header("Idempotency-Key", "create-1").body(body).post(Env.WEBHOOKS).then()
                .statusCode(201).header("Idempotent-Replayed", "true").extract();
        assertEquals((String) first.path("id"), again.path("id"));
        assertNotNull(again.path("secret"));
        Env.json(key).header("Idempotency-Key", "create-1").body(Map.of("url", URL + "/x", "events", List.of("*")))
                .post(Env.WEBHOOKS).then().statusCode(422)
                .body("type", equalTo("https://signport.dev/problems/idempotency-key-reused"));
        Env.as(key).get(Env.WEBHOOKS).then().body("data.size()", equalTo(1));
    }
}
