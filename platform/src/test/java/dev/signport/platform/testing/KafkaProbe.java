package dev.signport.platform.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is published to a real topic from the moment it is opened, so a test can assert on
 * the records a downstream consumer would get (key, value, CloudEvents headers).
 */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public KafkaProbe(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKeys.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            partitions.clear();
            consumer.partitionsFor(topic, Duration.ofSeconds(5))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            return !partitions.isEmpty();
        });
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Polls until a record matching {@code condition} arrived; returns every record seen so far. */
    public List<ConsumerRecord<String, String>> awaitRecord(Predicate<ConsumerRecord<String, String>> condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll();
            return seen.stream().anyMatch(condition);
        });
        return List.copyOf(seen);
    }

    /** Polls until {@code count} records matching {@code condition} arrived. */
    public List<ConsumerRecord<String, String>> awaitCount(Predicate<ConsumerRecord<String, String>> condition,
            int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            poll();
            return seen.stream().filter(condition).count() >= count;
        });
        return seen.stream().filter(condition).toList();
    }

    public List<ConsumerRecord<String, String>> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return List.copyOf(seen);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
