package dev.signport.platform.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.apikey.ApiKeys;
import dev.signport.platform.auth.ApiKeyReplica;
import dev.signport.platform.id.Ids;
import io.quarkus.arc.Arc;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Issues API keys for tests the way envelope-service will: a record on the real
 * {@code signport.api-keys.v1} topic, then waits until this service's replica has seen it. Each
 * call makes a fresh tenant unless one is given, so tests never share state.
 */
public final class TestKeys {

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static KafkaProducer<String, String> producer;

    private TestKeys() {}

    /** A usable key: {@code secret} goes into {@code Authorization: Bearer}. */
    public record TestKey(String secret, String keyId, String tenantId, ApiKeyRecord record) {
        public String bearer() {
            return "Bearer " + secret;
        }
    }

    public static TestKey create() {
        return create(Ids.newId("ten"));
    }

    public static TestKey create(String tenantId) {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String secret = "sk_test_" + HexFormat.of().formatHex(random);
        ApiKeyRecord record = new ApiKeyRecord(Ids.newId("key"), tenantId, ApiKeys.sha256Hex(secret), Mode.TEST,
                "test key", Instant.now(), false, null);
        publish(record);
        awaitReplica(r -> r.findByKeyId(record.keyId()).isPresent());
        return new TestKey(secret, record.keyId(), tenantId, record);
    }

    public static void revoke(TestKey key) {
        ApiKeyRecord r = key.record();
        publish(new ApiKeyRecord(r.keyId(), r.tenantId(), r.keyHash(), r.mode(), r.name(), r.createdAt(), true,
                Instant.now()));
    }

    private static void awaitReplica(java.util.function.Predicate<ApiKeyReplica> condition) {
        ApiKeyReplica replica = Arc.container().instance(ApiKeyReplica.class).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> condition.test(replica));
    }

    private static synchronized void publish(ApiKeyRecord record) {
        try {
            producer().send(new ProducerRecord<>(Topics.API_KEYS, record.keyId(), MAPPER.writeValueAsString(record)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish a test API key", e);
        }
    }

    private static KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }
}
