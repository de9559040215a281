package dev.signport.platform.store;

import dev.signport.platform.config.OutboxConfig;
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
 * holds long locks; safe to run on every replica at once.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final AgroalDataSource dataSource;
    private final OutboxConfig outbox;
    private final long idempotencyTtlHours;
    private final long inboxRetentionDays;
    private ScheduledExecutorService executor;

    public Housekeeping(AgroalDataSource dataSource, OutboxConfig outbox,
            @ConfigProperty(name = "signport.idempotency.ttl-hours", defaultValue = "24") long idempotencyTtlHours,
            @ConfigProperty(name = "signport.inbox.retention-days", defaultValue = "14") long inboxRetentionDays) {
        this.dataSource = dataSource;
        this.outbox = outbox;
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

    public void runOnce() {
        try (Connection c = dataSource.getConnection()) {
            delete(c, "delete from outbox where id in (select id from outbox"
                    + " where published_at < now() - cast(? as interval) limit 5000)",
                    outbox.retention().toSeconds() + " seconds");
            delete(c, "delete from idempotency_key where ctid in (select ctid from idempotency_key"
                    + " where created_at < now() - cast(? as interval) limit 5000)", idempotencyTtlHours + " hours");
            delete(c, "delete from inbox where ctid in (select ctid from inbox"
                    + " where processed_at < now() - cast(? as interval) limit 5000)", inboxRetentionDays + " days");
        } catch (Exception e) {
            LOG.warnf("Housekeeping failed, will retry: %s", e.toString());
        }
    }

    private static void delete(Connection c, String sql, String interval) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, interval);
            ps.executeUpdate();
        }
    }
}
