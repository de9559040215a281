package dev.signport.connector.core.resilience;

import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.spi.EnvelopeRefused;
import dev.signport.connector.core.spi.VendorException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * The one guard every call to one vendor goes through (SmallRye Fault Tolerance, built with the
 * programmatic {@link TypedGuard} API from {@code signport.connector.vendors.<vendor>.*}):
 * <ol>
 * <li>pacing ({@link PacingGate}): the first attempt waits for its slot before the guard starts, so the
 * wait never eats into the timeout;</li>
 * <li>retry with exponential backoff and jitter, only for network errors, timeouts, 5xx, 408 and 429;
 * the delay before a retry is at least the vendor's {@code Retry-After} and at least the gate's next
 * slot (a 429 also holds every other call of this vendor for {@code Retry-After});</li>
 * <li>a circuit breaker (named after the vendor) counting network errors, timeouts, 5xx and 408;
 * when open, calls fail at once with {@link CircuitBreakerOpenException}, which is not retried;</li>
 * <li>a timeout per attempt.</li>
 * </ol>
 * What fails without an error status comes out as {@link VendorUnreachable}; error statuses as
 * {@link VendorException}. The continuation comes back on the caller's Vert.x context, where Hibernate Reactive needs it.
 */
public final class VendorGuard {

    private static final Logger LOG = Logger.getLogger(VendorGuard.class);
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {};

    private final String vendor;
    private final PacingGate gate;
    private final TypedGuard<Uni<Object>> guard;
    private final MeterRegistry registry;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final List<BreakerListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<CircuitBreakerState> breaker = new AtomicReference<>(CircuitBreakerState.CLOSED);

    VendorGuard(String vendor, ConnectorConfig.Vendor config, MeterRegistry registry) {
        this.vendor = vendor;
        this.registry = registry;
        this.gate = new PacingGate(config.rateLimit().perMinute(), config.rateLimit().burst());
        this.initialBackoff = config.initialBackoff();
        this.maxBackoff = config.maxBackoff();
        ConnectorConfig.Breaker b = config.breaker();
        this.guard = TypedGuard.create(UNI)
                .withDescription("vendor " + vendor)
                .withRetry()
                    .maxRetries(config.maxRetries())
                    .delay(config.initialBackoff().toMillis(), ChronoUnit.MILLIS)
                    .jitter(Math.max(1, config.jitter().toMillis()), ChronoUnit.MILLIS)
                    .maxDuration(Math.max(60_000, config.maxBackoff().toMillis() * (config.maxRetries() + 1)
                            + config.timeout().toMillis() * (config.maxRetries() + 1)), ChronoUnit.MILLIS)
                    .whenException(VendorErrors::isRetryable)
                    .withCustomBackoff().strategy(Backoff::new).done()
                    .beforeRetry((Throwable e) -> registry.counter("signport.connector.vendor.retries",
                            "provider", vendor).increment())
                    .done()
                .withCircuitBreaker()
                    .name(vendor)
                    .requestVolumeThreshold(b.requestVolumeThreshold())
                    .failureRatio(b.failureRatio())
                    .delay(b.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(b.successThreshold())
                    .when(VendorErrors::isVendorDown)
                    .onStateChange(this::breakerChanged)
                    .done()
                .withTimeout().duration(config.timeout().toMillis(), ChronoUnit.MILLIS).done()
                // The guarded Uni is a non-blocking HTTP call: no hop to a worker thread.
                .withThreadOffload(false)
                .build();
        io.micrometer.core.instrument.Gauge.builder("signport.connector.vendor.breaker.open", breaker,
                        s -> s.get() == CircuitBreakerState.CLOSED ? 0 : 1)
                .description("1 while the vendor's circuit breaker is open or half-open")
                .tag("provider", vendor).register(registry);
    }

    public String vendor() {
        return vendor;
    }

    public CircuitBreakerState breakerState() {
        return breaker.get();
    }

    public void addListener(BreakerListener listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code attempt} (subscribed anew for each attempt) under this vendor's guard. {@code operation}
     * names the call in metrics and logs, e.g. {@code create-envelope}.
     */
    @SuppressWarnings("unchecked")
    public <T> Uni<T> call(String operation, Supplier<Uni<T>> attempt) {
        Context context = Vertx.currentContext();
        Uni<T> guarded = Uni.createFrom().deferred(() -> {
            long wait = gate.reserveNanos();
            Uni<Void> paced = wait <= 0 ? Uni.createFrom().voidItem() : pause(context, wait);
            return paced.chain(() -> (Uni<T>) (Uni<?>) guard.get(() -> (Uni<Object>) (Uni<?>) measured(operation, attempt)))
                    .onFailure(e -> !(e instanceof VendorException || e instanceof EnvelopeRefused))
                    .transform(e -> new VendorUnreachable(vendor, operation, kind(e), e));
        });
        return context == null ? guarded : guarded.emitOn(r -> context.runOnContext(v -> r.run()));
    }

    private <T> Uni<T> measured(String operation, Supplier<Uni<T>> attempt) {
        long start = System.nanoTime();
        return Uni.createFrom().deferred(attempt::get)
                .onItemOrFailure().invoke((item, failure) -> {
                    String outcome = failure == null ? "ok" : outcome(failure);
                    Timer.builder("signport.connector.vendor.calls").tag("provider", vendor)
                            .tag("operation", operation).tag("outcome", outcome).publishPercentiles(0.5, 0.99)
                            .register(registry)
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    if (failure instanceof VendorException v && v.status() == 429) {
                        Duration after = v.retryAfter() == null ? initialBackoff : v.retryAfter();
                        gate.holdFor(after.toNanos());
                        LOG.infof("%s %s: 429, holding every %s call for %d ms", vendor, operation, vendor,
                                after.toMillis());
                    }
                });
    }

    private static VendorUnreachable.Kind kind(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return VendorUnreachable.Kind.BREAKER_OPEN;
        }
        return VendorErrors.isTimeout(e) ? VendorUnreachable.Kind.TIMEOUT
                : VendorErrors.isNetwork(e) ? VendorUnreachable.Kind.NETWORK : VendorUnreachable.Kind.UNREADABLE;
    }

    private static String outcome(Throwable failure) {
        VendorException v = VendorErrors.find(failure, VendorException.class);
        if (v != null) {
            return v.status() == 429 ? "throttled" : v.status() >= 500 ? "server_error" : "client_error";
        }
        return VendorErrors.isTimeout(failure) ? "timeout" : VendorErrors.isNetwork(failure) ? "network" : "error";
    }

    private void breakerChanged(CircuitBreakerState state) {
        breaker.set(state);
        LOG.warnf("Circuit breaker of %s is now %s", vendor, state);
        for (BreakerListener l : listeners) {
            try {
                l.changed(vendor, state);
            } catch (RuntimeException e) {
                LOG.warnf("Breaker listener failed: %s", e.toString());
            }
        }
    }

    private static Uni<Void> pause(Context context, long nanos) {
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(ms));
        }
        return Uni.createFrom().emitter(e -> context.owner().setTimer(ms, id -> e.complete(null)));
    }

    /**
     * Exponential backoff (doubling from the initial delay up to the maximum; SmallRye adds the jitter)
     * that never retries before the vendor's {@code Retry-After} nor before the gate's next free slot.
     * One instance per guarded call.
     */
    private final class Backoff implements CustomBackoffStrategy {

        private long next;

        @Override
        public void init(long initialDelayInMillis) {
            next = Math.max(1, initialDelayInMillis);
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            long exponential = Math.min(next, maxBackoff.toMillis());
            next = Math.min(next * 2, maxBackoff.toMillis());
            long retryAfter = 0;
            VendorException v = VendorErrors.find(cause, VendorException.class);
            if (v != null && v.retryAfter() != null) {
                retryAfter = v.retryAfter().toMillis();
            }
            long slot = TimeUnit.NANOSECONDS.toMillis(gate.reserveNanos());
            return Math.max(exponential, Math.max(retryAfter, slot));
        }
    }
}
