package dev.signport.envelope.domain;

import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.envelope.config.EnvelopeConfig;
import dev.signport.envelope.store.Envelope;
import dev.signport.envelope.store.EnvelopeRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The lifecycle's clocks: expiry, the provider's send deadline (failover), re-sends after retryable failures and
 * reminders. Every replica runs them; each due envelope is re-checked under its row lock, so one replica acts and
 * the others find nothing left to do.
 */
@ApplicationScoped
public class EnvelopeTimers {

    private static final Logger LOG = Logger.getLogger(EnvelopeTimers.class);

    private final Vertx vertx;
    private final EnvelopeRepository envelopes;
    private final EnvelopeService service;
    private final EnvelopeConfig config;
    private final MeterRegistry metrics;
    private final boolean enabled;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicLong oldestSendingSeconds = new java.util.concurrent.atomic.AtomicLong();

    public EnvelopeTimers(Vertx vertx, EnvelopeRepository envelopes, EnvelopeService service, EnvelopeConfig config,
            MeterRegistry metrics, @ConfigProperty(name = "signport.envelopes.timers-enabled",
                    defaultValue = "true") boolean enabled) {
        this.vertx = vertx;
        this.envelopes = envelopes;
        this.service = service;
        this.config = config;
        this.metrics = metrics;
        this.enabled = enabled;
        // An envelope stuck in SENDING means its provider (or its connector, or the provider events) is not
        // answering: visible here long before the send deadline fails it over.
        metrics.gauge("signport_envelopes_oldest_sending_seconds", oldestSendingSeconds);
    }

    void start(@Observes StartupEvent ignored) {
        if (enabled) {
            schedule();
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        vertx.setTimer(config.timerInterval().toMillis(), id -> {
            // Hibernate Reactive needs a safe duplicated context of its own, as a request or a message gets.
            Context ctx = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(ctx, true);
            ctx.runOnContext(v -> Uni.createFrom().deferred(this::runOnce).subscribe().with(x -> schedule(), e -> {
                if (!stopped) {
                    LOG.warnf("Envelope timers failed, retrying at the next tick: %s", e.toString());
                }
                schedule();
            }));
        });
    }

    /** One pass over every timer kind. */
    public Uni<Void> runOnce() {
        Instant now = Instant.now();
        return each("expiresAt", "status in ('SENDING', 'SENT', 'PARTIALLY_SIGNED')", now, e ->
                        e.expiresAt != null && !e.expiresAt.isAfter(now) && !e.status.isTerminal()
                                && e.status != EnvelopeStatus.DRAFT ? new Lifecycle.Expire(now) : null)
                .chain(() -> each("sendDeadlineAt", "status = 'SENDING'", now, e ->
                        e.status == EnvelopeStatus.SENDING && e.sendDeadlineAt != null
                                && !e.sendDeadlineAt.isAfter(now)
                                ? new Lifecycle.SendTimedOut(e.provider + " did not accept the envelope within "
                                        + config.sendDeadline().toSeconds() + " s", now)
                                : null))
                .chain(() -> due("retryAt", "status = 'SENDING'", now).chain(ids -> sequentially(ids,
                        service::resend)))
                .chain(() -> each("nextReminderAt", "status in ('SENT', 'PARTIALLY_SIGNED')", now, e -> {
                    if (e.nextReminderAt == null || e.nextReminderAt.isAfter(now)) {
                        return null;
                    }
                    e.remindersSent++;
                    e.nextReminderAt = e.reminders == null ? null : e.reminders.next(e.sentAt, e.remindersSent);
                    return new Lifecycle.Remind(now);
                }))
                .chain(() -> Panache.withSession(() -> envelopes.oldestSending()).invoke(oldest ->
                        oldestSendingSeconds.set(oldest == null ? 0 : Math.max(0, now.getEpochSecond()
                                - oldest.getEpochSecond()))))
                .replaceWithVoid();
    }

    private Uni<Void> each(String column, String statusFilter, Instant now, Function<Envelope, Lifecycle.Input> input) {
        return due(column, statusFilter, now).chain(ids -> sequentially(ids, id -> service.onTimer(id, input)
                .onFailure().invoke(e -> LOG.warnf("Timer %s of envelope %s failed: %s", column, id, e.toString()))
                .onFailure().recoverWithNull()));
    }

    private Uni<List<String>> due(String column, String statusFilter, Instant now) {
        return Panache.withSession(() -> envelopes.due(column, statusFilter, now, config.timerBatch()));
    }

    private Uni<Void> sequentially(List<String> ids, Function<String, Uni<Void>> work) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String id : ids) {
            chain = chain.chain(() -> work.apply(id)).invoke(() -> metrics.counter("signport_envelope_timers_fired_total")
                    .increment());
        }
        return chain;
    }
}
