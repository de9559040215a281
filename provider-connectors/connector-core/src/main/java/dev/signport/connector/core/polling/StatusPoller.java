package dev.signport.connector.core.polling;

import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.domain.ActiveProvider;
import dev.signport.connector.core.domain.StatusSync;
import dev.signport.connector.core.store.EnvelopeLinks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Polls envelopes in flight whose next poll is due: every envelope of a vendor without callbacks, on a
 * doubling schedule, and every envelope of a vendor with callbacks once a callback is overdue (a dropped
 * callback). Each tick claims a batch with {@code FOR UPDATE SKIP LOCKED} (so replicas share the work)
 * and keeps claiming until nothing is due: a backlog is worked off, not one batch per tick.
 * {@code signport.connector.poll.due} is the number of envelopes waiting for their poll.
 */
@ApplicationScoped
public class StatusPoller {

    private static final Logger LOG = Logger.getLogger(StatusPoller.class);

    private final Vertx vertx;
    private final ConnectorConfig config;
    private final ActiveProvider provider;
    private final EnvelopeLinks links;
    private final StatusSync sync;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong due = new AtomicLong();
    private long timer = -1;

    public StatusPoller(Vertx vertx, ConnectorConfig config, ActiveProvider provider, EnvelopeLinks links,
            StatusSync sync, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.provider = provider;
        this.links = links;
        this.sync = sync;
        this.registry = registry;
        io.micrometer.core.instrument.Gauge.builder("signport.connector.poll.due", due, AtomicLong::get)
                .description("Envelopes whose status poll is due (a poller falling behind shows here)")
                .tag("provider", provider.name()).register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        timer = vertx.setPeriodic(config.polling().tick().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        drain().subscribe().with(n -> running.set(false), e -> {
            running.set(false);
            LOG.warnf("Status poll of %s failed: %s", provider.name(), e.toString());
        });
    }

    /** Claims and refreshes batches until a batch comes back short. Emits how many envelopes were polled. */
    private Uni<Integer> drain() {
        return claim().chain(ids -> {
            if (ids.isEmpty()) {
                return measureDue().replaceWith(0);
            }
            return Multi.createFrom().iterable(ids)
                    .onItem().transformToUni(this::refreshOne).merge(config.polling().concurrency())
                    .collect().asList()
                    .chain(done -> ids.size() < config.polling().batchSize() ? measureDue().replaceWith(ids.size())
                            : drain().map(more -> ids.size() + more));
        });
    }

    private Uni<List<String>> claim() {
        // The claim's lease is the retry delay of a poll whose replica died before rescheduling it.
        Duration lease = config.polling().interval().compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1)
                : config.polling().interval();
        return Background.onOwnContext(vertx, () -> Panache.withTransaction(
                () -> links.claimDue(provider.name(), config.polling().batchSize(), lease)));
    }

    private Uni<Void> refreshOne(String linkId) {
        return Background.onOwnContext(vertx, () -> sync.refresh(linkId, null, null)
                .invoke(outcome -> registry.counter("signport.connector.polls", "provider", provider.name(),
                        "outcome", outcome.name().toLowerCase()).increment())
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    registry.counter("signport.connector.polls", "provider", provider.name(), "outcome", "failed")
                            .increment();
                    LOG.debugf("Poll of %s failed, postponed: %s", linkId, e.toString());
                    return sync.postpone(linkId).onFailure().recoverWithNull();
                }));
    }

    private Uni<Void> measureDue() {
        return Background.onOwnContext(vertx, () -> Panache.withSession(() -> links.countDue(provider.name())))
                .invoke(due::set).replaceWithVoid().onFailure().recoverWithNull();
    }
}
