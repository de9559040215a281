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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import org.junit.jupiter.api.Test;

/**
 * Idempotency-Key: retries replay the first response; the effect happens once; a duplicate of a
 * running request is told so at once instead of waiting on a lock; no transaction spans the work.
 */
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
                // A duplicate arriving while the first runs gets 409 at once; one arriving after replays it.
                if (r.statusCode() == 201) {
                    ids.add(r.path("id"));
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                    assertEquals("https://signport.dev/problems/idempotency-in-progress", r.path("type"));
                    assertNotNull(r.header("Retry-After"));
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

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    private int count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDuplicateOfARunningRequestGets409AtOnceThenTheReplay() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String idem = UUID.randomUUID().toString();
        String body = "{\"name\": \"slow-one\", \"quantity\": 1}";
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Response> first = pool.submit(() -> post(key, idem, body));
            await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from idempotency_key where idem_key = '"
                    + idem + "' and state = 'in_progress'") == 1);
            Response duplicate = post(key, idem, body);
            duplicate.then().statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo("https://signport.dev/problems/idempotency-in-progress"));
            int retryAfter = Integer.parseInt(duplicate.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 5, "Retry-After " + retryAfter);
            // Another body under the same key is refused even while the first runs.
            post(key, idem, "{\"name\": \"slow-other\", \"quantity\": 1}").then().statusCode(422);
            Response original = first.get();
            original.then().statusCode(201);
            post(key, idem, body).then().statusCode(201).header("Idempotent-Replayed", "true")
                    .body("id", equalTo(original.path("id")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noTransactionIsHeldWhileIdempotentRequestsRun() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        int n = 24; // more than the reactive pool's 20 connections
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "slow-" + i;
                calls.add(pool.submit(() -> post(key, UUID.randomUUID().toString(), "{\"name\": \"" + name + "\", \"quantity\": 1}")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from idempotency_key where tenant_id = '"
                    + key.tenantId() + "' and state = 'in_progress'") >= n / 2);
            // While they work, no connection of this service sits in an open transaction.
            assertEquals(0, count("select count(*) from pg_stat_activity where usename = 'platform'"
                    + " and state like 'idle in transaction%'"));
            for (Future<Response> f : calls) {
                f.get().then().statusCode(201);
            }
        } finally {
            pool.shutdownNow();
        }
        given().header("Authorization", key.bearer()).get("/api/v1/widgets?limit=100").then().body("data", hasSize(n));
    }

    @Test
    void aClaimLeftByACrashedRequestIsTakenOverOnceItsLeaseRanOut() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String body = "{\"name\": \"after-crash\", \"quantity\": 1}";
        String fingerprint = Fingerprints.of(mapper, "POST", "/api/v1/widgets",
                new Object[] {mapper.readValue(body, dev.signport.platform.testapp.WidgetDtos.CreateWidget.class)});
        String expired = UUID.randomUUID().toString();
        String live = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into idempotency_key(tenant_id, idem_key, fingerprint, state, owner, locked_until, created_at)"
                        + " values (?, ?, ?, 'in_progress', gen_random_uuid(), now() + cast(? as interval), now())")) {
            for (String[] row : new String[][] {{expired, "-1 second"}, {live, "1 minute"}}) {
                ps.setString(1, key.tenantId());
                ps.setString(2, row[0]);
                ps.setString(3, fingerprint);
                ps.setString(4, row[1]);
                ps.executeUpdate();
            }
        }
        // The crashed request's lease ran out: the retry runs the work.
        Response retry = post(key, expired, body);
        retry.then().statusCode(201);
        assertNull(retry.header("Idempotent-Replayed"));
        post(key, expired, body).then().statusCode(201).header("Idempotent-Replayed", "true");
        // A claim still within its lease is somebody's running request.
        post(key, live, body).then().statusCode(409);
    }
}
