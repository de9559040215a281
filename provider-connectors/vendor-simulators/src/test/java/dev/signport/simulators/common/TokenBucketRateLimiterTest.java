package dev.signport.simulators.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.simulators.common.TokenBucketRateLimiter.Limits;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Certyneo limit (100/min, bursts of 200) on a fake clock. */
class TokenBucketRateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(new Limits(100, 200), now::get);

    @Test
    void allowsABurstThenTheSustainedRate() {
        for (int i = 0; i < 200; i++) {
            assertTrue(limiter.tryAcquire("k").isEmpty(), "call " + i);
        }
        OptionalLong wait = limiter.tryAcquire("k");
        assertEquals(1, wait.getAsLong(), "100/min refills a token every 0.6 s");
        assertTrue(limiter.tryAcquire("other").isEmpty(), "buckets are per key");

        now.addAndGet(TimeUnit.SECONDS.toNanos(6)); // 10 tokens back
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire("k").isEmpty());
        }
        assertTrue(limiter.tryAcquire("k").isPresent());
    }

    @Test
    void retryAfterGrowsWithASlowRefill() {
        limiter.setLimits(new Limits(6, 1)); // one token every 10 s
        assertTrue(limiter.tryAcquire("k").isEmpty());
        assertEquals(10, limiter.tryAcquire("k").getAsLong());
        now.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertEquals(6, limiter.tryAcquire("k").getAsLong());
    }
}
