package dev.signport.platform.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Topics;
import dev.signport.contracts.apikey.ApiKeyRecord;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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
 */
@ApplicationScoped
public class ApiKeyReplica {

    private static final Logger LOG = Logger.getLogger(ApiKeyReplica.class);

    private final ObjectMapper mapper;
    private final String bootstrapServers;
    private final String topic;
    private final Map<String, ApiKeyRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, String> hashByKeyId = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public ApiKeyReplica(ObjectMapper mapper,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "signport.auth.api-keys-topic", defaultValue = Topics.API_KEYS) String topic) {
        this.mapper = mapper;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
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
        while (running) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                apply(r);
            }
            if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp = true;
                LOG.infof("API key replica caught up: %d keys", size());
            }
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
