package dev.signport.webhook.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production schedule of VENDORS.md, jitter and Retry-After. */
class RetryScheduleTest {

    private static final List<Duration> VENDORS = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(14), Duration.ofHours(20), Duration.ofHours(24));
    private static final Instant NOW = Instant.parse("2025-03-04T10:00:00Z");

    @Test
    void tenAttemptsOverAboutThreeDays() {
        RetrySchedule s = new RetrySchedule(VENDORS, 0, Duration.ofHours(24));
        assertEquals(10, s.maxAttempts());
        Instant at = NOW;
        for (int made = 1; made < 10; made++) {
            assertTrue(s.hasNext(made));
            at = s.next(made, at, 0.5, Optional.empty());
        }
        assertFalse(s.hasNext(10));
        Duration total = Duration.between(NOW, at);
        assertEquals(Duration.ofHours(75).plusMinutes(35).plusSeconds(5), total);
    }

    @Test
    void jitterMovesEachPauseByAtMostItsFraction() {
        RetrySchedule s = new RetrySchedule(VENDORS, 0.2, Duration.ofHours(24));
        assertEquals(NOW.plus(Duration.ofMinutes(4)), s.next(2, NOW, 0.0, Optional.empty()));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), s.next(2, NOW, 0.5, Optional.empty()));
        assertEquals(NOW.plus(Duration.ofMinutes(6)), s.next(2, NOW, 1.0, Optional.empty()));
    }

    @Test
    void retryAfterIsAFloorCappedByTheMaximum() {
        RetrySchedule s = new RetrySchedule(VENDORS, 0, Duration.ofHours(24));
        assertEquals(NOW.plusSeconds(60), s.next(1, NOW, 0.5, Optional.of(Duration.ofSeconds(60))));
        // The schedule's own pause is longer: it wins.
        assertEquals(NOW.plus(Duration.ofMinutes(5)), s.next(2, NOW, 0.5, Optional.of(Duration.ofSeconds(10))));
        assertEquals(NOW.plus(Duration.ofHours(24)), s.next(1, NOW, 0.5, Optional.of(Duration.ofDays(30))));
    }

    @Test
    void readsBothRetryAfterForms() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetrySchedule.parseRetryAfter(" 120 ", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                RetrySchedule.parseRetryAfter("Tue, 4 Mar 2025 10:00:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetrySchedule.parseRetryAfter("Tue, 4 Mar 2025 09:00:00 GMT", NOW));
        assertEquals(Optional.empty(), RetrySchedule.parseRetryAfter("soon", NOW));
        assertEquals(Optional.empty(), RetrySchedule.parseRetryAfter(null, NOW));
        assertEquals(Optional.empty(), RetrySchedule.parseRetryAfter("99999999999999999999999", NOW));
    }
}
