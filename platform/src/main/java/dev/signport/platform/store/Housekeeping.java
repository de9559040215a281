package dev.signport.platform.store;

import dev.signport.platform.config.OutboxConfig;
import dev.signport.platform.config.RateLimitConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes what the platform tables no longer need: published outbox rows past retention, expired
 * idempotency records and inbox ids older than any redelivery could be. Batched, so it never
 * holds long locks, and looped until the backlog is gone (within a time bound per run); safe to
 * run on every replica at once.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    static final int BATCH = 5000;
    private static final java.time.Duration MAX_RUN = java.time.Duration.ofMinutes(2);

    private final AgroalDataSource dataSource;
    private final OutboxConfig outbox;
    private final RateLimitConfig rateLimit;
    private final long idempotencyTtlHours;
    private final long inboxRetentionDays;
    private ScheduledExecutorService executor;

    public Housekeeping(AgroalDataSource dataSource, OutboxConfig outbox, RateLimitConfig rateLimit,
            @ConfigProperty(name = "signport.idempotency.ttl-hours", defaultValue = "24") long idempotencyTtlHours,
            @ConfigProperty(name = "signport.inbox.retention-days", defaultValue = "14") long inboxRetentionDays) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.rateLimit = rateLimit;
        this.idempotencyTtlHours = idempotencyTtlHours;
        this.inboxRetentionDays = inboxRetentionDays;
    }

    void start(@Observes StartupEvent ignored) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "platform-housekeeping");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runOnce, 1, 15, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One pass: each table is cleaned batch after batch until a batch comes back short. */
    public void runOnce() {
        long deadline = System.nanoTime() + MAX_RUN.toNanos();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            drain(c, "outbox", "delete from outbox where id in (select id from outbox"
                    + " where published_at < now() - cast(? as interval) limit " + BATCH + ")",
                    outbox.retention().toSeconds() + " seconds", deadline);
            drain(c, "idempotency_key", "delete from idempotency_key where ctid in (select ctid from idempotency_key"
                    + " where created_at < now() - cast(? as interval) limit " + BATCH + ")",
                    idempotencyTtlHours + " hours", deadline);
            if (rateLimit.enabled()) {
                // Budgets full for an hour are the same as no row at all.
                drain(c, rateLimit.table(), "delete from " + rateLimit.table() + " where key in (select key from "
                        + rateLimit.table() + " where tat < (extract(epoch from now() - cast(? as interval))"
                        + " * 1000000)::bigint limit " + BATCH + ")", "1 hour", deadline);
            }
            drain(c, "inbox", "delete from inbox where ctid in (select ctid from inbox"
                    + " where processed_at < now() - cast(? as interval) limit " + BATCH + ")",
                    inboxRetentionDays + " days", deadline);
        } catch (Exception e) {
            LOG.warnf("Housekeeping failed, will retry: %s", e.toString());
        }
    }

    /**
     * Each batch is its own short statement (no long lock); the run as a whole stops at the
     * deadline so a huge backlog is worked off over several runs instead of one endless one.
     */
    private static void drain(Connection c, String table, String sql, String interval, long deadline)
            throws java.sql.SQLException {
        long total = 0;
        int n;
        do {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, interval);
                n = ps.executeUpdate();
            }
            total += n;
        } while (n >= BATCH && System.nanoTime() < deadline);
        if (n >= BATCH) {
            LOG.infof("Housekeeping deleted %d rows from %s and stopped at its time limit; the next run goes on",
                    total, table);
        } else if (total > 0) {
            LOG.debugf("Housekeeping deleted %d rows from %s", total, table);
        }
    }
}
