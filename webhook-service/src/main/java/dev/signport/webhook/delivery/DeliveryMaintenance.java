package dev.signport.webhook.delivery;

import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.store.DeliveryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The periodic chores: the delivery backlog as metrics (due deliveries not yet claimed, and how long the oldest
 * has waited: the lag an operator alerts on), and the event retention (events older than
 * {@code event-retention} are deleted with their deliveries, batch after batch until none is left). Safe on every
 * replica at once.
 */
@ApplicationScoped
public class DeliveryMaintenance {

    private static final Logger LOG = Logger.getLogger(DeliveryMaintenance.class);
    private static final long BACKLOG_EVERY_MS = 10_000;
    private static final long RETENTION_EVERY_MS = 10 * 60_000;
    private static final int RETENTION_BATCH = 5000;

    private final Vertx vertx;
    private final DeliveryStore store;
    private final Pool pool;
    private final WebhookConfig config;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong oldestDueSeconds = new AtomicLong();
    private Context context;
    private long backlogTimer = -1;
    private long retentionTimer = -1;

    public DeliveryMaintenance(Vertx vertx, DeliveryStore store, Pool pool, WebhookConfig config,
            MeterRegistry metrics) {
        this.vertx = vertx;
        this.store = store;
        this.pool = pool;
        this.config = config;
        metrics.gauge("signport_webhook_backlog_due", due);
        metrics.gauge("signport_webhook_backlog_oldest_due_seconds", oldestDueSeconds);
    }

    void start(@Observes StartupEvent ignored) {
        context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        context.runOnContext(v -> {
            backlogTimer = vertx.setPeriodic(BACKLOG_EVERY_MS, t -> store.backlog().subscribe().with(b -> {
                due.set(b.due());
                oldestDueSeconds.set(b.oldest().toSeconds());
            }, e -> LOG.debugf("Backlog metrics unavailable: %s", e.toString())));
            retentionTimer = vertx.setPeriodic(RETENTION_EVERY_MS, t -> purge().subscribe().with(n -> {
                if (n > 0) {
                    LOG.infof("Deleted %d webhook events past their retention of %s", n, config.eventRetention());
                }
            }, e -> LOG.warnf("Webhook event retention failed, retrying later: %s", e.toString())));
        });
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (context != null) {
            vertx.cancelTimer(backlogTimer);
            vertx.cancelTimer(retentionTimer);
        }
    }

    /** Deletes expired events (their deliveries cascade) until a batch comes back short. */
    public Uni<Long> purge() {
        return purge(0);
    }

    private Uni<Long> purge(long sofar) {
        return pool.preparedQuery("""
                        delete from webhook_event where event_id in (
                            select event_id from webhook_event
                            where received_at < now() - $1::bigint * interval '1 second' limit $2::int)""")
                .execute(Tuple.of(config.eventRetention().toSeconds(), RETENTION_BATCH))
                .chain(rows -> rows.rowCount() < RETENTION_BATCH ? Uni.createFrom().item(sofar + rows.rowCount())
                        : purge(sofar + rows.rowCount()));
    }
}
