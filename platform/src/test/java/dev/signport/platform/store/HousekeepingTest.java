package dev.signport.platform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Expired platform rows go; rows still needed (unpublished, recent) stay. */
@QuarkusTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void deletesOnlyWhatIsPastRetention() throws Exception {
        String tag = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection()) {
            outbox(c, "old-" + tag, "now() - interval '30 days'", "now() - interval '30 days'");
            outbox(c, "unpublished-" + tag, "now() - interval '30 days'", "null");
            outbox(c, "recent-" + tag, "now()", "now()");
            exec(c, "insert into inbox(consumer, event_id, processed_at) values ('hk', 'old-" + tag
                    + "', now() - interval '30 days'), ('hk', 'recent-" + tag + "', now())");
            exec(c, "insert into idempotency_key(tenant_id, idem_key, fingerprint, state, created_at) values ('hk', 'old-"
                    + tag + "', 'f', 'completed', now() - interval '2 days'), ('hk', 'recent-" + tag + "', 'f', 'completed', now())");
        }

        housekeeping.runOnce();

        try (Connection c = dataSource.getConnection()) {
            assertEquals(0, count(c, "select count(*) from outbox where aggregate_id = 'old-" + tag + "'"));
            assertEquals(1, count(c, "select count(*) from outbox where aggregate_id = 'unpublished-" + tag + "'"));
            assertEquals(1, count(c, "select count(*) from outbox where aggregate_id = 'recent-" + tag + "'"));
            assertEquals(0, count(c, "select count(*) from inbox where event_id = 'old-" + tag + "'"));
            assertEquals(1, count(c, "select count(*) from inbox where event_id = 'recent-" + tag + "'"));
            assertEquals(0, count(c, "select count(*) from idempotency_key where idem_key = 'old-" + tag + "'"));
            assertEquals(1, count(c, "select count(*) from idempotency_key where idem_key = 'recent-" + tag + "'"));
        }
    }

    private static void outbox(Connection c, String aggregateId, String createdAt, String publishedAt)
            throws Exception {
        exec(c, "insert into outbox(event_id, topic, aggregate_type, aggregate_id, event_type, sequence, payload,"
                + " created_at, published_at) values ('" + UUID.randomUUID() + "', 'signport.test-housekeeping.v1',"
                + " 'test', '" + aggregateId + "', 'test.event', 1, '{}', " + createdAt + ", " + publishedAt + ")");
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static int count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aBacklogLargerThanOneBatchIsWorkedOffInOneRun() throws Exception {
        String tag = "backlog-" + UUID.randomUUID();
        int rows = Housekeeping.BATCH * 2 + 1234;
        try (Connection c = dataSource.getConnection()) {
            exec(c, "insert into inbox(consumer, event_id, processed_at) select '" + tag + "', 'e' || g,"
                    + " now() - interval '30 days' from generate_series(1, " + rows + ") g");
        }
        housekeeping.runOnce();
        try (Connection c = dataSource.getConnection()) {
            assertEquals(0, count(c, "select count(*) from inbox where consumer = '" + tag + "'"));
        }
    }
}
