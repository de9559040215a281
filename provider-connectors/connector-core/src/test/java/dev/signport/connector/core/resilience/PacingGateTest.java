package dev.signport.connector.core.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacing of one vendor: a burst at once, then the rate; a Retry-After holds every call. */
class PacingGateTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstGoesAtOnceThenCallsAreSpacedByTheRate() {
        PacingGate gate = new PacingGate(100, 200, now::get); // Certyneo: 100/min, bursts of 200
        for (int i = 0; i < 200; i++) {
            assertEquals(0, gate.reserveNanos(), "call " + i + " of the burst");
        }
        assertEquals(TimeUnit.MILLISECONDS.toNanos(600), gate.reserveNanos());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1200), gate.reserveNanos());
        now.addAndGet(TimeUnit.SECONDS.toNanos(60)); // a quiet minute refills 100 slots
        int free = 0;
        while (gate.reserveNanos() == 0) {
            free++;
        }
        assertEquals(98, free); // 100 refilled minus the two reserved ahead of time
    }

    @Test
    void retryAfterHoldsEveryCallUntilItPasses() {
        PacingGate gate = new PacingGate(100, 200, now::get);
        gate.holdFor(TimeUnit.SECONDS.toNanos(2));
        assertEquals(TimeUnit.SECONDS.toNanos(2), gate.reserveNanos());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), gate.reserveNanos());
        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals(0, gate.reserveNanos());
    }
}
