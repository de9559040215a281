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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Certyneo's contract: bursts up to 200, then 429 with Retry-After, one budget across replicas,
 * limits changed in config applying at once, and a local fallback when PostgreSQL is down.
 */
@QuarkusTest
class RateLimitTest {

    @Inject
    RateLimitConfig config;

    @Inject
    Pool pool;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

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
    void twoInstancesDrawOnOneBudget() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        // A second instance: its own leases and in-memory state; PostgreSQL is all they share.
        RateLimiter otherInstance = new RateLimiter(config, pool, new SimpleMeterRegistry());
        long start = System.nanoTime();
        for (int i = 0; i < 150; i++) {
            assertTrue(take(otherInstance, key.keyId()).allowed());
        }
        int allowedHere = 0;
        for (int i = 0; i < 120; i++) {
            if (given().header("Authorization", key.bearer()).get("/api/v1/widgets").statusCode() == 429) {
                break;
            }
            allowedHere++;
        }
        // 50 left by the other instance, less what it holds leased (at most lease-max), plus what
        // refilled (100/min) meanwhile.
        long refilled = (long) Math.ceil((System.nanoTime() - start) / 1e9 * 100 / 60) + 2;
        assertTrue(allowedHere >= 50 - config.leaseMax() && allowedHere <= 50 + refilled,
                "this instance allowed " + allowedHere + ", at most " + (50 + refilled) + " expected");
        // Once its lease expired the other instance sees the spent budget too (bar a token or two refilled).
        // Polling faster than the budget refills (one token per 0.6 s) spends what it holds leased.
        org.awaitility.Awaitility.await("the other instance sees the spent budget")
                .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !take(otherInstance, key.keyId()).allowed());
    }

    @Test
    void aChangedLimitAppliesToAnExistingKeyAtOnce() {
        TestKeys.TestKey key = TestKeys.create();
        RateLimiter generous = new RateLimiter(config, pool, new SimpleMeterRegistry());
        for (int i = 0; i < 10; i++) {
            assertTrue(take(generous, key.keyId()).allowed());
        }
        // Same key, limit lowered to a burst of 5: the 10 already spent count against it.
        RateLimiter strict = new RateLimiter(new TestConfig(config, 5, 1), pool, new SimpleMeterRegistry());
        RateLimiter.Decision d = take(strict, key.keyId());
        assertFalse(d.allowed());
        assertEquals(5, d.limit());
        assertTrue(d.retryAfterSeconds() >= 1);
    }

    @Test
    void whenPostgresIsDownEachReplicaStillLimitsFromMemoryAndCountsIt() {
        // A pool that can never connect: the limiter must answer from memory within its timeout.
        io.vertx.sqlclient.Pool dead = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(1)
                        .setDatabase("signport").setUser("platform").setPassword("platform"))
                .using(vertx.getDelegate()).build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RateLimiter limiter = new RateLimiter(new TestConfig(config, 3, 20), Pool.newInstance(dead), registry);
        String keyId = "key_down_" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertTrue(take(limiter, keyId).allowed(), "fails open within the local budget");
        }
        RateLimiter.Decision fourth = take(limiter, keyId);
        assertFalse(fourth.allowed(), "a flood is still limited per replica");
        assertTrue(fourth.retryAfterSeconds() >= 1);
        assertEquals(3.0, registry.counter("signport.ratelimit.decisions", "outcome", "fallback_allowed").count());
        assertEquals(1.0, registry.counter("signport.ratelimit.decisions", "outcome", "fallback_limited").count());
        dead.close();
    }

    private static RateLimiter.Decision take(RateLimiter limiter, String key) {
        return limiter.tryConsume(key).await().atMost(Duration.ofSeconds(10));
    }

    /** The configured limiter with another burst and lease size. */
    private record TestConfig(RateLimitConfig base, long burst, int leaseMax) implements RateLimitConfig {
        public boolean enabled() { return true; }
        public long refillTokens() { return base.refillTokens(); }
        public Duration refillPeriod() { return base.refillPeriod(); }
        public long burstCapacity() { return burst; }
        public String table() { return base.table(); }
        public int leaseMax() { return leaseMax; }
        public Duration leaseTtl() { return base.leaseTtl(); }
        public Duration timeout() { return base.timeout(); }
        public Duration failureLogInterval() { return base.failureLogInterval(); }
    }
}
