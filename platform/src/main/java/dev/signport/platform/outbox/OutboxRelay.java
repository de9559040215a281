package dev.signport.platform.outbox;

import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.platform.config.OutboxConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Publishes committed outbox rows to Kafka as CloudEvents 1.0 in binary mode and marks them sent.
 *
 * <p>Runs on its own thread with JDBC and a plain Kafka producer (both block, which is fine off the
 * request path). Each drain is one transaction that first takes a transaction-scoped advisory lock:
 * with several replicas only one publishes at a time, so the order of an aggregate's events is the
 * order of its rows (appends for one topic and aggregate are serialised by their sequence row lock).
 * Rows are marked only after Kafka acknowledged them: a crash in between republishes (consumers
 * de-duplicate by {@code ce_id}), it never loses. Published rows are deleted in the same
 * transaction (or, with a retention, marked and left to {@code Housekeeping}), so the table stays a
 * short queue. {@code signport.outbox.lag.seconds} is the age of the oldest unpublished row.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final AgroalDataSource dataSource;
    private final OutboxConfig config;
    private final String bootstrapServers;
    private final Counter published;
    private final Timer drainTimer;
    private final AtomicLong backlog = new AtomicLong();
    /** created_at of the oldest unpublished row when last looked at; null when there was none. */
    private volatile java.time.Instant oldestUnpublished;
    private volatile java.time.Duration retention;
    private volatile boolean running;
    private volatile Runnable beforeMark = () -> {};
    private Thread thread;
    private KafkaProducer<String, byte[]> producer;

    public OutboxRelay(AgroalDataSource dataSource, OutboxConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.published = registry.counter("signport.outbox.published");
        this.drainTimer = registry.timer("signport.outbox.drain");
        registry.gauge("signport.outbox.last.batch", backlog);
        this.retention = config.retention();
        io.micrometer.core.instrument.Gauge.builder("signport.outbox.lag.seconds", this, r -> {
                    java.time.Instant oldest = r.oldestUnpublished;
                    return oldest == null ? 0 : Math.max(0,
                            java.time.Duration.between(oldest, java.time.Instant.now()).toMillis() / 1000.0);
                })
                .description("Age of the oldest outbox row not yet published to Kafka")
                .register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.relayEnabled()) {
            return;
        }
        producer = new KafkaProducer<>(producerProperties());
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    /**
     * Fault injection for tests: {@code hook} runs after Kafka acknowledged a batch and before the
     * rows are marked, so throwing from it simulates a crash at the worst moment.
     */
    public void onBeforeMark(Runnable hook) {
        beforeMark = hook == null ? () -> {} : hook;
    }

    /** For tests: how long published rows are kept (zero: deleted as they are published). */
    public void retainPublished(java.time.Duration retention) {
        this.retention = retention;
    }

    private void run() {
        long backoffMs = 100;
        Connection listener = null;
        String channel = null;
        while (running) {
            try {
                if (listener == null || listener.isClosed()) {
                    // A pooled connection, given back only after UNLISTEN (see release): a
                    // subscribed connection handed to request code would collect notifications.
                    listener = dataSource.getConnection();
                    listener.setAutoCommit(true);
                    channel = Outbox.NOTIFY_PREFIX + currentSchema(listener);
                    try (Statement s = listener.createStatement()) {
                        s.execute("LISTEN \"" + channel + "\"");
                    }
                }
                int n;
                do {
                    n = drainOnce();
                } while (running && n >= config.batchSize());
                measureLag();
                backoffMs = 100;
                // Wait for a commit notification, or poll again after the interval.
                PGNotification[] notes = listener.unwrap(PGConnection.class)
                        .getNotifications((int) config.pollInterval().toMillis());
                if (notes == null && listener.isClosed()) {
                    listener = null;
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                LOG.warnf("Outbox relay: %s; retrying in %d ms", e.toString(), backoffMs);
                release(listener);
                measureLagQuietly();
                listener = null;
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        release(listener);
    }

    private void measureLag() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select created_at from outbox where published_at is null order by id limit 1")) {
            oldestUnpublished = rs.next() ? rs.getTimestamp(1).toInstant() : null;
        }
    }

    private void measureLagQuietly() {
        try {
            measureLag();
        } catch (SQLException | RuntimeException e) {
            // The database is unreachable: the last known oldest row keeps ageing, which is the truth.
        }
    }

    /** Returns the listening connection to the pool unsubscribed, or destroys it when that fails. */
    private static void release(Connection listener) {
        if (listener == null) {
            return;
        }
        try {
            if (!listener.isClosed()) {
                try (Statement s = listener.createStatement()) {
                    s.execute("UNLISTEN *");
                }
            }
            listener.close();
        } catch (SQLException | RuntimeException e) {
            try {
                // Agroal destroys an aborted connection instead of pooling it.
                listener.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                closeQuietly(listener);
            }
        }
    }

    /** Publishes one batch if this replica holds the relay lock. Returns the number published. */
    int drainOnce() throws SQLException, InterruptedException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Row> rows = fetch(c);
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                for (Row r : rows) {
                    acks.add(producer.send(r.toRecord(config.source())));
                }
                producer.flush();
                for (Future<RecordMetadata> f : acks) {
                    f.get(30, TimeUnit.SECONDS);
                }
                beforeMark.run();
                markPublished(c, rows);
                c.commit();
                published.increment(rows.size());
                backlog.set(rows.size());
                return rows.size();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                c.rollback();
                throw new IllegalStateException("Kafka did not acknowledge the batch: " + e.getMessage(), e);
            } catch (SQLException | RuntimeException | InterruptedException e) {
                rollbackQuietly(c);
                throw e;
            }
        } finally {
            drainTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox-relay'))")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private List<Row> fetch(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select id, event_id, topic, aggregate_type, aggregate_id, tenant_id, event_type, sequence,
                       payload, traceparent, tracestate, created_at
                from outbox where published_at is null order by id limit ?""")) {
            ps.setInt(1, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getTimestamp(12)));
                }
            }
        }
        return rows;
    }

    private void markPublished(Connection c, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement(retention.isZero() || retention.isNegative()
                ? "delete from outbox where id = any(?)"
                : "update outbox set published_at = clock_timestamp() where id = any(?)")) {
            Array array = c.createArrayOf("bigint", ids);
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; closing it is all that is left
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private record Row(long id, String eventId, String topic, String aggregateType, String aggregateId,
            String tenantId, String type, long sequence, String payload, String traceparent, String tracestate,
            Timestamp createdAt) {

        ProducerRecord<String, byte[]> toRecord(String source) {
            RecordHeaders h = new RecordHeaders();
            add(h, CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
            add(h, CloudEventHeaders.CE_ID, eventId);
            add(h, CloudEventHeaders.CE_SOURCE, source);
            add(h, CloudEventHeaders.CE_TYPE, type);
            add(h, CloudEventHeaders.CE_TIME, DateTimeFormatter.ISO_INSTANT.format(createdAt.toInstant()));
            add(h, CloudEventHeaders.CE_SUBJECT, aggregateId);
            add(h, CloudEventHeaders.CE_PARTITIONKEY, aggregateId);
            add(h, CloudEventHeaders.CE_SEQUENCE, CloudEventHeaders.formatSequence(sequence));
            add(h, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
            if (tenantId != null) {
                add(h, CloudEventHeaders.CE_TENANTID, tenantId);
            }
            if (traceparent != null) {
                add(h, CloudEventHeaders.TRACEPARENT, traceparent);
            }
            if (tracestate != null) {
                add(h, CloudEventHeaders.TRACESTATE, tracestate);
            }
            return new ProducerRecord<>(topic, null, aggregateId, payload.getBytes(StandardCharsets.UTF_8), h);
        }

        private static void add(RecordHeaders h, String name, String value) {
            h.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
