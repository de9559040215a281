import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.apikey.ApiKeys;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Issues a throw-away test API key for benchmarks, the way envelope-service does: an ApiKeyRecord
 * (hash only) on the compacted signport.api-keys.v1 topic, keyed by key id. Prints the secret.
 *
 * <p>Run as a single-file program with a service's libraries on the class path:
 * {@code java -cp 'document-service/target/quarkus-app/lib/main/*' deploy/bench/PublishApiKey.java <bootstrap> [tenant]}
 */
public class PublishApiKey {

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:59092";
        String tenant = args.length > 1 ? args[1] : "ten_bench" + System.currentTimeMillis();
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = "sk_test_" + HexFormat.of().formatHex(random);
        String keyId = "key_bench" + System.currentTimeMillis();
        ApiKeyRecord record = new ApiKeyRecord(keyId, tenant, ApiKeys.sha256Hex(secret), Mode.TEST, "benchmark",
                Instant.now(), false, null);
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.API_KEYS, keyId, mapper.writeValueAsString(record))).get();
        }
        System.out.println(secret);
    }
}
