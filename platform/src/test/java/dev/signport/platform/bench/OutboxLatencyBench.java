package dev.signport.platform.bench;

import static io.restassured.RestAssured.given;

import dev.signport.platform.testapp.WidgetService;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures commit-to-Kafka latency of the outbox: the time from the HTTP response of a write (its
 * transaction has committed) to the moment a consumer holds the event. Reports percentiles; asserts
 * nothing. Run with {@code deploy/bench/outbox-latency.sh}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "signport.bench", matches = "true")
class OutboxLatencyBench {

    @Test
    void commitToConsumerLatency() {
        int n = Integer.getInteger("signport.bench.events", 300);
        TestKeys.TestKey key = TestKeys.create();
        Map<String, Long> committedAt = new HashMap<>();
        Map<String, Long> receivedAt = new HashMap<>();
        try (KafkaProbe probe = new KafkaProbe(WidgetService.TOPIC)) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (i > 0 && i % 150 == 0) {
                    key = TestKeys.create(); // stay under the per-key rate limit; its bucket is not measured here
                }
                String id = given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                        .body("{\"name\": \"bench-" + i + "\", \"quantity\": 1}")
                        .post("/api/v1/widgets").then().statusCode(201).extract().path("id");
                committedAt.put(id, System.nanoTime());
                for (ConsumerRecord<String, String> r : probe.poll()) {
                    receivedAt.putIfAbsent(r.key(), System.nanoTime());
                }
            }
            while (!receivedAt.keySet().containsAll(committedAt.keySet())) {
                long now = System.nanoTime();
                for (ConsumerRecord<String, String> r : probe.poll()) {
                    receivedAt.putIfAbsent(r.key(), now);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Double> ms = new ArrayList<>();
            committedAt.forEach((id, t) -> ms.add(Math.max(0, receivedAt.get(id) - t) / 1e6));
            Collections.sort(ms);
            System.out.printf("%nOUTBOX LATENCY (commit -> consumer), %d events, sequential writes, %.1f writes/s%n"
                    + "  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n"
                    + "  (includes the probe's 200 ms poll granularity only when no record was waiting)%n%n",
                    n, n / seconds, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.get(ms.size() - 1));
        }
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
