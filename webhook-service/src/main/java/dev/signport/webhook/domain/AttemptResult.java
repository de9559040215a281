package dev.signport.webhook.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one delivery attempt came to. {@code statusCode} is null when no response arrived (refused, timeout,
 * blocked address); {@code error} says why an attempt failed, without secrets or full URLs.
 */
public record AttemptResult(Instant at, Integer statusCode, long latencyMillis, String responseBody, String error,
        Optional<Duration> retryAfter) {

    public enum Kind {
        /** 2xx: done. */
        SUCCESS,
        /** Any other outcome: try again later (or dead-letter after the last attempt). */
        FAILURE,
        /** 410 Gone: the receiver says the endpoint is gone; disable it. */
        GONE
    }

    public Kind kind() {
        if (statusCode == null) {
            return Kind.FAILURE;
        }
        if (statusCode >= 200 && statusCode < 300) {
            return Kind.SUCCESS;
        }
        // 3xx is a failure: redirects are never followed (a redirect to an internal address would bypass the guard).
        return statusCode == 410 ? Kind.GONE : Kind.FAILURE;
    }

    /** 429, 502, 503 and 504 ask us to slow down: their Retry-After pauses the whole endpoint. */
    public boolean throttles() {
        return statusCode != null && (statusCode == 429 || statusCode == 502 || statusCode == 503
                || statusCode == 504);
    }

    public static AttemptResult noResponse(Instant at, long latencyMillis, String error) {
        return new AttemptResult(at, null, latencyMillis, null, error, Optional.empty());
    }
}
