package dev.signport.platform.ratelimit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.platform.config.RateLimitConfig;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Certyneo's contract: bursts up to 200, then 429 with Retry-After, one budget across replicas. */
@QuarkusTest
class RateLimitTest {

    @Inject
    RateLimitConfig config;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void aBurstOf200PassesThenTheKeyGets429WithRetryAfter() {
        TestKeys.TestKey key = TestKeys.create();
        Response first = given().header("Authorization", key.bearer()).get("/api/v1/widgets");
        assertEquals(200, first.statusCode());
        assertEquals("200", first.header("RateLimit-Limit"));
        assertEquals("199", first.header("RateLimit-Remaining"));
        assertNotNull(first.header("RateLimit-Reset"));

        int allowed = 1;
        Response limited = null;
        for (int i = 0; i < 260 && limited == null; i++) {
            Response r = given().header("Authorization", key.bearer()).get("/api/v1/widgets");
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertEquals(200, r.statusCode());
                allowed++;
            }
        }
        assertNotNull(limited, "the key was never limited");
        // 200 of burst, plus whatever refilled at 100/min while the loop ran.
        assertTrue(allowed >= 200 && allowed <= 215, "allowed " + allowed);
        assertEquals("application/problem+json", limited.contentType());
        assertEquals("https://signport.dev/problems/rate-limited", limited.path("type"));
        int retryAfter = Integer.parseInt(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals("0", limited.header("RateLimit-Remaining"));

        // Another key is unaffected.
        TestKeys.TestKey other = TestKeys.create();
        given().header("Authorization", other.bearer()).get("/api/v1/widgets").then().statusCode(200);
    }

    @Test
    void twoInstancesDrawOnOneBudget() {
        TestKeys.TestKey key = TestKeys.create();
        // A second instance: its own limiter and its own connections; PostgreSQL is all they share.
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser("platform");
        ds.setPassword("platform");
        RateLimiter otherInstance = new RateLimiter(config, ds);
        long start = System.nanoTime();
        for (int i = 0; i < 150; i++) {
            assertTrue(otherInstance.tryConsume(key.keyId()).allowed());
        }
        int allowedHere = 0;
        for (int i = 0; i < 120; i++) {
            if (given().header("Authorization", key.bearer()).get("/api/v1/widgets").statusCode() == 429) {
                break;
            }
            allowedHere++;
        }
        // 50 left by the other instance, plus what refilled (100/min) since it spent its 150.
        long refilled = (long) Math.ceil((System.nanoTime() - start) / 1e9 * 100 / 60) + 2;
        assertTrue(allowedHere >= 50 && allowedHere <= 50 + refilled,
                "this instance allowed " + allowedHere + ", at most " + (50 + refilled) + " expected");
        assertFalse(otherInstance.tryConsume(key.keyId()).allowed(), "the other instance sees the spent budget");
    }
}
