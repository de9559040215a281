package dev.signport.platform.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: retries replay the first response; the effect happens once. */
@QuarkusTest
class IdempotencyTest {

    private static Response post(TestKeys.TestKey key, String idemKey, String body) {
        var spec = given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(body);
        if (idemKey != null) {
            spec = spec.header("Idempotency-Key", idemKey);
        }
        return spec.post("/api/v1/widgets");
    }

    @Test
    void sameKeyAndBodyReplaysTheStoredResponse() {
        TestKeys.TestKey key = TestKeys.create();
        String idem = UUID.randomUUID().toString();
        Response first = post(key, idem, "{\"name\": \"once\", \"quantity\": 3}");
        first.then().statusCode(201);
        assertNull(first.header("Idempotent-Replayed"));
        Response again = post(key, idem, "{\"name\": \"once\", \"quantity\": 3}");
        again.then().statusCode(201).header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .body("id", equalTo(first.path("id")))
                .body("createdAt", equalTo(first.path("createdAt")));
        given().header("Authorization", key.bearer()).get("/api/v1/widgets").then().body("data", hasSize(1));
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        TestKeys.TestKey key = TestKeys.create();
        String idem = UUID.randomUUID().toString();
        post(key, idem, "{\"name\": \"a\", \"quantity\": 1}").then().statusCode(201);
        post(key, idem, "{\"name\": \"b\", \"quantity\": 1}").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://signport.dev/problems/idempotency-key-reused"));
        given().header("Authorization", key.bearer()).get("/api/v1/widgets").then().body("data", hasSize(1));
    }

    @Test
    void keysAreScopedPerTenant() {
        TestKeys.TestKey alice = TestKeys.create();
        TestKeys.TestKey bob = TestKeys.create();
        String idem = "shared-key-" + UUID.randomUUID();
        String a = post(alice, idem, "{\"name\": \"w\", \"quantity\": 1}").then().statusCode(201).extract().path("id");
        Response b = post(bob, idem, "{\"name\": \"w\", \"quantity\": 1}");
        b.then().statusCode(201);
        assertNull(b.header("Idempotent-Replayed"));
        assertNotEquals(a, b.path("id"));
    }

    @Test
    void concurrentDuplicatesCreateOneWidget() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String idem = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> post(key, idem, "{\"name\": \"race\", \"quantity\": 1}"));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                // Duplicates wait for the first and replay it; 409 is the documented alternative.
                if (r.statusCode() == 201) {
                    ids.add(r.path("id"));
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                }
            }
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        given().header("Authorization", key.bearer()).get("/api/v1/widgets").then().body("data", hasSize(1));
    }

    @Test
    void aFailedRequestIsNotStoredSoARetryRunsAgain() {
        TestKeys.TestKey key = TestKeys.create();
        String idem = UUID.randomUUID().toString();
        post(key, idem, "{\"name\": \"explode-after-outbox\", \"quantity\": 1}").then().statusCode(500);
        Response retry = post(key, idem, "{\"name\": \"explode-after-outbox\", \"quantity\": 1}");
        retry.then().statusCode(500);
        assertNull(retry.header("Idempotent-Replayed"));
        given().header("Authorization", key.bearer()).get("/api/v1/widgets").then().body("data", hasSize(0));
    }

    @Test
    void malformedKeyIs400() {
        TestKeys.TestKey key = TestKeys.create();
        post(key, "x".repeat(300), "{\"name\": \"w\", \"quantity\": 1}").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }
}
