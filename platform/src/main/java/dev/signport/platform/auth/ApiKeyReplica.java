package dev.signport.platform.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Topics;
import dev.signport.contracts.apikey.ApiKeyRecord;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This process's copy of the compacted {@code signport.api-keys.v1} topic, so that every request is
 * authenticated locally without calling another service. It reads the whole topic from the start
 * on boot (no consumer group: every replica needs every key) and then follows it, so a revocation
 * reaches every service within one poll interval.
 *
 * <p>While Kafka is unreachable the copy keeps serving what it has, so a key revoked meanwhile
 * would stay valid unnoticed: {@link #staleness()} (how long since the copy was last known to match
 * the topic's end) is exported as {@code signport.auth.replica.staleness.seconds}, and readiness
 * goes down past {@code signport.auth.replica-max-staleness}.
 */
@ApplicationScoped
public class ApiKeyReplica {

    private static final Logger LOG = Logger.getLogger(ApiKeyReplica.class);

    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final String topic;
    private final Map<String, ApiKeyRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashByKeyId = new ConcurrentHashMap<>();
    private final Duration syncCheckInterval = Duration.ofSeconds(2);
    private volatile boolean caughtUp;
    /** When the copy was last known to hold everything the topic held; null before that. */
    private volatile Instant lastInSync;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ApiKeyReplica(ObjectMapper mapper,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "signport.auth.api-keys-topic", defaultValue = Topics.API_KEYS) String topic,
            MeterRegistry registry) {
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        Gauge.builder("signport.auth.replica.staleness.seconds", this, r -> r.staleness().toMillis() / 1000.0)
                .description("Time since the API key replica was last known to be in sync with its topic")
                .register(registry);
        Gauge.builder("signport.auth.replica.keys", this, ApiKeyReplica::size).register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = new Thread(this::run, "api-key-replica");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    /** The live (possibly revoked) key whose secret hashes to {@code sha256Hex}. */
    public Optional<ApiKeyRecord> findByHash(String sha256Hex) {
        return Optional.ofNullable(byHash.get(sha256Hex));
    }

    public Optional<ApiKeyRecord> findByKeyId(String keyId) {
        String hash = hashByKeyId.get(keyId);
        return hash == null ? Optional.empty() : findByHash(hash);
    }

    /** True once the topic has been read up to where it ended at start-up. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    public int size() {
        return hashByKeyId.size();
    }

    /**
     * How long since the copy was last confirmed to hold the whole topic; the time since start-up
     * (effectively "forever") before the first confirmation.
     */
    public Duration staleness() {
        Instant last = lastInSync;
        return last == null ? Duration.ofDays(365) : Duration.between(last, Instant.now());
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProperties())) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("API key replica lost its connection to Kafka (%s); retrying", e.toString());
                sleepQuietly(1000);
            }
        }
    }

    private void follow(KafkaConsumer<String, String> c) {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                sleepQuietly(500);
            }
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(partitions));
        long nextSyncCheck = 0;
        while (running) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                apply(r);
            }
            if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp = true;
                lastInSync = Instant.now();
                LOG.infof("API key replica caught up: %d keys", size());
            }
            if (caughtUp && System.nanoTime() - nextSyncCheck >= 0) {
                nextSyncCheck = System.nanoTime() + syncCheckInterval.toNanos();
                confirmInSync(c, partitions);
            }
        }
    }

    /**
     * Asks the broker where the topic ends: an answer at or behind our position proves the copy
     * current. poll() alone cannot tell "nothing new" from "broker unreachable".
     */
    private void confirmInSync(KafkaConsumer<String, String> c, List<TopicPartition> partitions) {
        Instant asked = Instant.now();
        try {
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(5));
            if (end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                lastInSync = asked;
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            LOG.debugf("API key replica cannot reach Kafka; serving its copy (stale for %s)", staleness());
        }
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            String old = r.key() == null ? null : hashByKeyId.remove(r.key());
            if (old != null) {
                byHash.remove(old);
            }
            return;
        }
        try {
            ApiKeyRecord key = mapper.readValue(r.value(), ApiKeyRecord.class);
            String previous = hashByKeyId.put(key.keyId(), key.keyHash());
            if (previous != null && !previous.equals(key.keyHash())) {
                byHash.remove(previous);
            }
            byHash.put(key.keyHash(), key);
        } catch (Exception e) {
            // Never log the value: it is a credential record.
            LOG.errorf("Skipping unreadable API key record at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                    e.getClass().getSimpleName());
        }
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-key-replica");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
