package dev.signport.webhook.delivery;

import dev.signport.contracts.webhook.DisabledReason;
import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.domain.AttemptResult;
import dev.signport.webhook.domain.RetrySchedule;
import dev.signport.webhook.domain.WebhookService;
import dev.signport.webhook.store.DeliveryStore;
import dev.signport.webhook.store.WebhookDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the outcome of attempts: the delivery row (one statement for however many results waited, fenced by
 * each claim's owner), then what it means for the endpoint: a success ends its failure streak, a failure starts
 * one, a streak older than {@code disable-after} or a 410 disables it (with {@code webhook.endpoint_disabled}
 * through the outbox), a throttling answer's Retry-After pauses it. Until a row is written the delivery stays
 * claimed and is sent again after its lease: a crash between the send and this write duplicates, never loses.
 * Called on the dispatcher's context only.
 */
@ApplicationScoped
public class ResultRecorder {

    private static final Logger LOG = Logger.getLogger(ResultRecorder.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private record Pending(DeliveryStore.Claimed delivery, AttemptResult result) {
    }

    private final DeliveryStore store;
    private final WebhookService webhooks;
    private final RetrySchedule schedule;
    private final Duration disableAfter;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final Timer latency;

    private List<Pending> pending = new ArrayList<>();
    private boolean flushing;
    private long backoffMillis;

    public ResultRecorder(DeliveryStore store, WebhookService webhooks, WebhookConfig config, Vertx vertx,
            MeterRegistry metrics) {
        this.store = store;
        this.webhooks = webhooks;
        this.schedule = new RetrySchedule(config.delivery().schedule(), config.delivery().jitter(),
                config.delivery().maxRetryAfter());
        this.disableAfter = config.disableAfter();
        this.vertx = vertx;
        this.metrics = metrics;
        this.latency = Timer.builder("signport_webhook_attempt_duration").description("Duration of delivery attempts")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    public void record(DeliveryStore.Claimed delivery, AttemptResult result) {
        pending.add(new Pending(delivery, result));
        String outcome = result.statusCode() != null ? (result.kind() == AttemptResult.Kind.SUCCESS ? "success"
                : "http_error") : result.error() != null && result.error().startsWith("blocked") ? "blocked"
                : "no_response";
        metrics.counter("signport_webhook_attempts_total", "outcome", outcome).increment();
        latency.record(Duration.ofMillis(result.latencyMillis()));
        if (!flushing) {
            flush();
        }
    }

    /** Results that came in while a flush ran wait for the next one: under load, one statement writes many. */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        flushing = true;
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        Context ctx = Vertx.currentContext();
        write(batch).subscribe().with(x -> ctx.runOnContext(v -> {
            backoffMillis = 0;
            flushing = false;
            flush();
        }), e -> ctx.runOnContext(v -> {
            // Database unavailable: keep the results and try again; the claims hold meanwhile (if the lease runs
            // out first, the rows are sent again, which receivers de-duplicate by webhook-id).
            backoffMillis = Math.min(MAX_BACKOFF.toMillis(), Math.max(200, backoffMillis * 2));
            LOG.warnf("Recording %d webhook attempts failed, retrying in %d ms: %s", batch.size(), backoffMillis,
                    e.toString());
            batch.addAll(pending);
            pending = batch;
            vertx.setTimer(backoffMillis, t -> ctx.runOnContext(w -> {
                flushing = false;
                flush();
            }));
        }));
    }

    private Uni<Void> write(List<Pending> batch) {
        List<DeliveryStore.Recorded> rows = new ArrayList<>(batch.size());
        Set<String> succeeded = new LinkedHashSet<>();
        Map<String, AttemptResult> failed = new LinkedHashMap<>();
        Map<String, Pending> gone = new LinkedHashMap<>();
        Map<String, Instant> pauses = new LinkedHashMap<>();
        int dead = 0;
        for (Pending p : batch) {
            DeliveryStore.Claimed d = p.delivery();
            AttemptResult r = p.result();
            int attempts = d.attempts() + 1;
            String status;
            Instant next = null;
            if (r.kind() == AttemptResult.Kind.SUCCESS) {
                status = WebhookDelivery.SUCCEEDED;
                succeeded.add(d.webhookId());
            } else {
                failed.put(d.webhookId(), r);
                if (r.kind() == AttemptResult.Kind.GONE) {
                    gone.putIfAbsent(d.webhookId(), p);
                }
                var retryAfter = r.throttles() ? r.retryAfter() : java.util.Optional.<Duration>empty();
                if (schedule.hasNext(attempts)) {
                    status = WebhookDelivery.PENDING;
                    next = schedule.next(attempts, r.at(), retryAfter);
                } else {
                    status = WebhookDelivery.DEAD;
                    dead++;
                }
                if (retryAfter.isPresent()) {
                    Duration pause = retryAfter.get();
                    Instant until = Instant.now().plus(pause.compareTo(schedule.maxRetryAfter()) > 0
                            ? schedule.maxRetryAfter() : pause);
                    pauses.merge(d.webhookId(), until, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            rows.add(new DeliveryStore.Recorded(d.id(), d.owner(), status, next, r.at(), r.statusCode(),
                    (int) Math.min(Integer.MAX_VALUE, r.latencyMillis()), r.error(), r.responseBody()));
        }
        failed.keySet().removeAll(succeeded);
        int deadCount = dead;
        // A success ends its endpoint's failure streak in the same statement.
        return store.record(rows, succeeded.toArray(String[]::new))
                .invoke(n -> {
                    if (deadCount > 0) {
                        metrics.counter("signport_webhook_deliveries_dead_total").increment(deadCount);
                    }
                })
                .chain(() -> failed.isEmpty() ? Uni.createFrom().voidItem()
                        : store.markFailing(failed.keySet().toArray(String[]::new), Instant.now().minus(disableAfter))
                                .onFailure().transform(EndpointUpdateFailed::new)
                                .chain(stale -> disableAll(stale, failed)))
                .chain(() -> disableGone(gone))
                .chain(() -> pauseAll(pauses))
                .onFailure(EndpointUpdateFailed.class).recoverWithItem(e -> {
                    // The delivery rows are written; what failed only concerns the endpoints and is redone by the
                    // next failure or success.
                    LOG.warnf("Updating webhook endpoints after deliveries failed: %s", e.getCause().toString());
                    return null;
                });
    }

    private Uni<Void> disableAll(Map<String, Instant> stale, Map<String, AttemptResult> lastFailure) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : stale.entrySet()) {
            AttemptResult last = lastFailure.get(e.getKey());
            chain = chain.chain(() -> disable(e.getKey(), DisabledReason.REPEATED_FAILURES, e.getValue(), last));
        }
        return chain;
    }

    private Uni<Void> disableGone(Map<String, Pending> gone) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending p : gone.values()) {
            chain = chain.chain(() -> disable(p.delivery().webhookId(), DisabledReason.ENDPOINT_GONE, null,
                    p.result()));
        }
        return chain;
    }

    private Uni<Void> disable(String webhookId, DisabledReason reason, Instant failingSince, AttemptResult last) {
        // Hibernate Reactive (and the outbox) need a safe duplicated context of their own.
        return Uni.createFrom().<Boolean>emitter(em -> {
            Context c = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(c, true);
            c.runOnContext(v -> webhooks.disable(webhookId, reason, failingSince, last == null ? null
                            : last.statusCode(), last == null ? null : last.error())
                    .subscribe().with(em::complete, em::fail));
        }).invoke(done -> {
            if (done) {
                metrics.counter("signport_webhook_endpoints_disabled_total", "reason", reason.name()).increment();
                LOG.infof("Webhook %s disabled: %s", webhookId, reason);
            }
        }).onFailure().transform(EndpointUpdateFailed::new).replaceWithVoid();
    }

    private Uni<Void> pauseAll(Map<String, Instant> pauses) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : pauses.entrySet()) {
            chain = chain.chain(() -> store.pause(e.getKey(), e.getValue())
                    .onFailure().transform(EndpointUpdateFailed::new));
        }
        return chain;
    }

    /** A failure after the delivery rows were written. */
    private static final class EndpointUpdateFailed extends RuntimeException {
        EndpointUpdateFailed(Throwable cause) {
            super(cause);
        }
    }
}
