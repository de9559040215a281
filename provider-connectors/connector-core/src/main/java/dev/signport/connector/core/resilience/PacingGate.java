package dev.signport.connector.core.resilience;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Client-side rate limit of one vendor account that delays calls instead of refusing them: a GCRA
 * schedule allowing {@code burst} calls at once and then one every {@code 60 s / perMinute}, plus a
 * "not before" instant set from the vendor's own {@code Retry-After}, which every later call of this
 * vendor waits for. SmallRye's {@code @RateLimit} rejects excess calls; a vendor call that could go in a
 * few hundred milliseconds should wait, not fail, so pacing is ours and the guard handles the rest.
 *
 * <p>Per replica: with N replicas the vendor may see up to N × burst at once; set {@code burst} (and the
 * rate) per replica accordingly. Thread safe.
 */
public final class PacingGate {

    private final long emissionNanos;
    private final long toleranceNanos;
    private final LongSupplier clock;
    private long tat;
    private long notBefore;
    private boolean started;

    public PacingGate(int perMinute, int burst) {
        this(perMinute, burst, System::nanoTime);
    }

    PacingGate(int perMinute, int burst, LongSupplier clock) {
        if (perMinute <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate-limit per-minute and burst must be positive");
        }
        this.emissionNanos = TimeUnit.MINUTES.toNanos(1) / perMinute;
        this.toleranceNanos = emissionNanos * (burst - 1L);
        this.clock = clock;
    }

    /** Takes the next slot; returns how long the caller must wait before using it (0 = go now). */
    public synchronized long reserveNanos() {
        long now = clock.getAsLong();
        if (!started) {
            tat = now;
            notBefore = now;
            started = true;
        }
        long start = Math.max(now, Math.max(notBefore, tat - toleranceNanos));
        tat = Math.max(tat, start) + emissionNanos;
        return start - now;
    }

    /** The vendor said {@code Retry-After}: no call of this vendor goes before {@code nanos} from now. */
    public synchronized void holdFor(long nanos) {
        long now = clock.getAsLong();
        if (!started) {
            tat = now;
            started = true;
        }
        notBefore = Math.max(notBefore, now + nanos);
    }
}
