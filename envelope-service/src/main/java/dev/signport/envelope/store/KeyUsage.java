package dev.signport.envelope.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps api_key.last_used_at: every service stamps a key's use in the shared rate-limit budget (one row per active
 * key, deleted after an hour of quiet), and this copies the stamps here every minute so they outlive that row.
 */
@ApplicationScoped
public class KeyUsage {

    private static final Logger LOG = Logger.getLogger(KeyUsage.class);
    static final String SYNC = """
            update api_key k set last_used_at = to_timestamp(b.seen / 1000000.0)
            from ratelimit.key_budget b
            where b.key = k.id and (k.last_used_at is null or k.last_used_at < to_timestamp(b.seen / 1000000.0))""";

    private final AgroalDataSource dataSource;
    private ScheduledExecutorService executor;

    public KeyUsage(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void start(@Observes StartupEvent ignored) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "envelope-key-usage");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::syncOnce, 1, 1, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    public void syncOnce() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(SYNC);
        } catch (Exception e) {
            LOG.warnf("Could not copy API key last-use times: %s", e.toString());
        }
    }
}
