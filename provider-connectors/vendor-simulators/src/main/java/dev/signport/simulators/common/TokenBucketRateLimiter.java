package dev.signport.simulators.common;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: holds up to {@code burst} tokens, refills {@code perMinute} a minute; a
 * call takes one. A full bucket lets a client burst, a sustained rate above {@code perMinute} is refused.
 */
public final class TokenBucketRateLimiter {

    /** The current limits; changing them empties the buckets' history (every key starts full). */
    public record Limits(int perMinute, int burst) {
        public Limits {
            if (perMinute <= 0 || burst <= 0) {
                throw new IllegalArgumentException("perMinute and burst must be positive");
            }
        }
    }

    private final AtomicReference<Limits> limits;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public TokenBucketRateLimiter(Limits initial) {
        this(initial, System::nanoTime);
    }

    TokenBucketRateLimiter(Limits initial, LongSupplier nanoClock) {
        this.limits = new AtomicReference<>(initial);
        this.nanoClock = nanoClock;
    }

    public Limits limits() {
        return limits.get();
    }

    public void setLimits(Limits newLimits) {
        limits.set(newLimits);
        buckets.clear();
    }

    /** Empty when the call may proceed (one token taken); otherwise the whole seconds until a token is back (≥ 1). */
    public OptionalLong tryAcquire(String key) {
        Limits l = limits.get();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(l.burst(), nanoClock.getAsLong()));
        return bucket.take(l, nanoClock.getAsLong());
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        synchronized OptionalLong take(Limits l, long now) {
            double perNano = l.perMinute() / 60e9;
            tokens = Math.min(l.burst(), tokens + (now - lastNanos) * perNano);
            lastNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return OptionalLong.empty();
            }
            double waitSeconds = (1 - tokens) / (perNano * 1e9);
            return OptionalLong.of(Math.max(1, (long) Math.ceil(waitSeconds)));
        }
    }
}
