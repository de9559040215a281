package dev.signport.platform.ratelimit;

import dev.signport.platform.config.RateLimitConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Per-API-key budget shared by every replica of every service, as GCRA (generic cell rate
 * algorithm) state in one PostgreSQL row per key: a single {@code INSERT … ON CONFLICT DO UPDATE …
 * RETURNING} on the reactive client takes tokens and reports what is left, with no worker thread,
 * no JDBC pool and no {@code SELECT … FOR UPDATE}. The limits are parameters of that statement, so
 * a changed limit applies to existing keys at once.
 *
 * <p>A busy key takes a small lease of tokens at a time and spends it in memory (see
 * {@link RateLimitConfig#leaseMax()}), which is what keeps the limiter's cost far below the cost of
 * the request it guards.
 *
 * <p>When PostgreSQL is slow (over {@link RateLimitConfig#timeout()}) or down, the decision falls
 * back to the same budget held in this replica's memory: the API stays up and a flooding key is
 * still slowed, per replica instead of globally. Every fallback decision is counted
 * ({@code signport.ratelimit.decisions{outcome="fallback_*"}}) and logged at most once per interval.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final RateLimitConfig config;
    private final Pool pool;
    private final String sql;
    private final Map<String, KeyState> keys = new ConcurrentHashMap<>();
    private final Map<String, LocalGcra> fallback = new ConcurrentHashMap<>();
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));
    private final AtomicLong suppressedFailures = new AtomicLong();
    private final Counter allowed;
    private final Counter limited;
    private final Counter fallbackAllowed;
    private final Counter fallbackLimited;
    private ScheduledExecutorService sweeper;

    public RateLimiter(RateLimitConfig config, Pool pool, MeterRegistry registry) {
        this.config = config;
        this.pool = pool;
        String table = config.table();
        if (!table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new IllegalArgumentException("signport.rate-limit.table must be a plain [schema.]table name");
        }
        // $1 key, $2 emission interval T (µs per token), $3 tolerance (µs: burst x T), $4 tokens wanted.
        // tat = theoretical arrival time: the bucket is full when tat <= now; each token moves it T on.
        this.sql = """
                with p as (select (extract(epoch from clock_timestamp()) * 1000000)::bigint as now)
                insert into %1$s as b (key, tat, granted, seen)
                select $1::text, p.now + least($4::bigint, $3::bigint / $2::bigint) * $2::bigint, least($4::bigint, $3::bigint / $2::bigint), p.now from p
                on conflict (key) do update set
                  granted = least($4::bigint, greatest(0, (excluded.seen + $3::bigint - greatest(b.tat, excluded.seen)) / $2::bigint)),
                  tat = greatest(b.tat, excluded.seen)
                        + least($4::bigint, greatest(0, (excluded.seen + $3::bigint - greatest(b.tat, excluded.seen)) / $2::bigint)) * $2::bigint,
                  seen = excluded.seen
                returning tat, granted, seen""".formatted(table);
        this.allowed = decisions(registry, "allowed");
        this.limited = decisions(registry, "limited");
        this.fallbackAllowed = decisions(registry, "fallback_allowed");
        this.fallbackLimited = decisions(registry, "fallback_limited");
    }

    private static Counter decisions(MeterRegistry registry, String outcome) {
        return Counter.builder("signport.ratelimit.decisions").tag("outcome", outcome)
                .description("Rate-limit decisions; fallback_* were taken locally because the shared budget was unavailable")
                .register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rate-limit-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Takes one token from {@code key}'s budget. */
    public Uni<Decision> tryConsume(String key) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
        Uni<Grant> pending;
        synchronized (state) {
            long now = System.nanoTime();
            state.lastUsed = now;
            if (state.tokens > 0 && now - state.leaseExpires < 0) {
                state.tokens--;
                allowed.increment();
                return Uni.createFrom().item(state.decision(true, 0));
            }
            if (state.pending == null) {
                // A key that spent its whole lease before it expired is busy: lease it more next
                // time; one that let tokens expire (or was idle) goes back to a token at a time.
                state.leaseSize = state.leased && state.tokens == 0 && now - state.leaseExpires < 0
                        ? Math.min(Math.max(1, config.leaseMax()), state.leaseSize * 2) : 1;
                state.tokens = 0;
                int want = state.leaseSize;
                // The grant is applied once, as the fetch completes and before any waiter sees it.
                state.pending = fetch(key, want).invoke(grant -> apply(state, grant)).memoize().indefinitely();
            }
            pending = state.pending;
        }
        return pending.map(grant -> decide(key, state, grant))
                .flatMap(d -> d == null ? tryConsume(key) : Uni.createFrom().item(d));
    }

    private void apply(KeyState state, Grant grant) {
        synchronized (state) {
            state.pending = null;
            if (grant.failed()) {
                state.tokens = 0;
                return;
            }
            state.shared = grant;
            state.tokens = grant.granted();
            state.leaseExpires = System.nanoTime() + config.leaseTtl().toNanos();
            state.leased = true;
        }
    }

    /** The decision of a request that waited on a fetch; null to try again (the lease ran dry). */
    private Decision decide(String key, KeyState state, Grant grant) {
        if (grant.failed()) {
            return fallback(key);
        }
        synchronized (state) {
            if (grant.granted() == 0) {
                limited.increment();
                return state.decision(false, grant.retryAfterSeconds());
            }
            if (state.tokens > 0) {
                state.tokens--;
                allowed.increment();
                return state.decision(true, 0);
            }
            return null;
        }
    }

    private Uni<Grant> fetch(String key, int want) {
        double perTokenMicros = config.refillPeriod().toNanos() / 1000.0 / config.refillTokens();
        long t = Math.max(1, Math.round(perTokenMicros));
        long tolerance = t * config.burstCapacity();
        return pool.preparedQuery(sql).execute(Tuple.of(key, t, tolerance, (long) want))
                .ifNoItem().after(config.timeout()).fail()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    long tat = r.getLong(0);
                    long granted = r.getLong(1);
                    long now = r.getLong(2);
                    long remaining = Math.max(0, (now + tolerance - tat) / t);
                    long resetSeconds = Math.max(0, ceilDiv(tat - now, 1_000_000));
                    long retryAfter = granted > 0 ? 0 : Math.max(1, ceilDiv(tat + t - now - tolerance, 1_000_000));
                    return new Grant(granted, config.burstCapacity(), remaining, resetSeconds, retryAfter, false);
                })
                .onFailure().recoverWithItem(e -> {
                    reportFailure(e);
                    return Grant.FAILED;
                });
    }

    private Decision fallback(String key) {
        LocalGcra local = fallback.computeIfAbsent(key, k -> new LocalGcra());
        Decision d = local.take(config);
        (d.allowed() ? fallbackAllowed : fallbackLimited).increment();
        return d;
    }

    private void reportFailure(Throwable e) {
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= config.failureLogInterval().toNanos() && lastFailureLog.compareAndSet(last, now)) {
            long suppressed = suppressedFailures.getAndSet(0);
            LOG.warnf("Shared rate limit unavailable (%s); deciding from this replica's memory until it answers"
                    + " (%d similar failures since the last warning)", e.toString(), suppressed);
        } else {
            suppressedFailures.incrementAndGet();
        }
    }

    private void sweep() {
        long idle = System.nanoTime() - TimeUnit.MINUTES.toNanos(10);
        keys.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().pending == null && e.getValue().lastUsed < idle;
            }
        });
        fallback.entrySet().removeIf(e -> e.getValue().lastUsed < idle);
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    /** Outcome of one request against the budget, with what the RateLimit-* headers report. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}

    /** What the shared budget answered: tokens granted and its state after the grant. */
    record Grant(long granted, long limit, long remaining, long resetSeconds, long retryAfterSeconds, boolean failed) {
        static final Grant FAILED = new Grant(0, 0, 0, 0, 0, true);
    }

    /** This replica's view of one key: its lease, and the shared state it was granted with. */
    private static final class KeyState {
        long tokens;
        long leaseExpires;
        int leaseSize = 1;
        boolean leased;
        long lastUsed;
        Uni<Grant> pending;
        Grant shared;

        Decision decision(boolean allowed, long retryAfter) {
            Grant g = shared;
            return g == null ? new Decision(allowed, 0, 0, 0, retryAfter)
                    : new Decision(allowed, g.limit(), g.remaining() + tokens, g.resetSeconds(), retryAfter);
        }
    }

    /** The same GCRA in memory, for when the shared budget cannot be reached. */
    private static final class LocalGcra {
        private long tatNanos;
        volatile long lastUsed;

        synchronized Decision take(RateLimitConfig config) {
            long now = System.nanoTime();
            lastUsed = now;
            long t = Math.max(1, config.refillPeriod().toNanos() / config.refillTokens());
            long tolerance = t * config.burstCapacity();
            long base = Math.max(tatNanos == 0 ? now : tatNanos, now);
            boolean ok = base + t - now <= tolerance;
            if (ok) {
                tatNanos = base + t;
            }
            long tat = ok ? tatNanos : base;
            long remaining = Math.max(0, (now + tolerance - tat) / t);
            long reset = Math.max(0, ceilDiv(tat - now, 1_000_000_000L));
            long retry = ok ? 0 : Math.max(1, ceilDiv(base + t - now - tolerance, 1_000_000_000L));
            return new Decision(ok, config.burstCapacity(), remaining, reset, retry);
        }
    }
}
