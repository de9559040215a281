package dev.signport.webhook.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the next attempt of a delivery is due. Entry {@code i} of the schedule is the pause before attempt
 * {@code i + 1} (the first is normally 0: at once), so a delivery gets as many attempts as the schedule has
 * entries and is dead-lettered after the last. Pure: the clock and the random draw come from the caller.
 */
public record RetrySchedule(List<Duration> pauses, double jitter, Duration maxRetryAfter) {

    public RetrySchedule {
        if (pauses.isEmpty()) {
            throw new IllegalArgumentException("The retry schedule needs at least one entry");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1)");
        }
        pauses = List.copyOf(pauses);
    }

    public int maxAttempts() {
        return pauses.size();
    }

    /** Whether a delivery that has now made {@code attemptsMade} attempts may make another. */
    public boolean hasNext(int attemptsMade) {
        return attemptsMade < pauses.size();
    }

    /**
     * When attempt {@code attemptsMade + 1} is due after a failure at {@code now}: the scheduled pause moved by a
     * random fraction ({@code random} in [0, 1)) of up to ±jitter, but never before the receiver's
     * {@code Retry-After}.
     */
    public Instant next(int attemptsMade, Instant now, double random, Optional<Duration> retryAfter) {
        Duration pause = pauses.get(Math.min(attemptsMade, pauses.size() - 1));
        long millis = Math.round(pause.toMillis() * (1 + jitter * (2 * random - 1)));
        Duration d = Duration.ofMillis(Math.max(0, millis));
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
            if (asked.compareTo(d) > 0) {
                d = asked;
            }
        }
        return now.plus(d);
    }

    public Instant next(int attemptsMade, Instant now, Optional<Duration> retryAfter) {
        return next(attemptsMade, now, ThreadLocalRandom.current().nextDouble(), retryAfter);
    }

    /** A {@code Retry-After} value (delay-seconds or an HTTP-date) as a pause from {@code now}; empty if unreadable. */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
