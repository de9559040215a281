package dev.signport.envelope.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;

/**
 * When recipients who have not acted are reminded: first {@code firstAfter} after sending, then every
 * {@code every}, at most {@code max} times.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reminders(Duration firstAfter, Duration every, int max) {

    /** When the reminder after {@code sent} reminders is due, or null when none is left. */
    public Instant next(Instant sentAt, int sent) {
        if (sent >= max || sentAt == null) {
            return null;
        }
        Duration interval = every == null ? firstAfter : every;
        return sentAt.plus(firstAfter).plus(interval.multipliedBy(sent));
    }
}
