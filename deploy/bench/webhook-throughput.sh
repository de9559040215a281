#!/usr/bin/env bash
# Webhook delivery throughput and latency of webhook-service on loopback, then the same with a dead endpoint.
#
# Starts webhook-service from webhook-service/target/quarkus-app (built with `./mvnw -pl webhook-service package`
# if missing, or always with BUILD=1) under its own consumer group reading from the end of
# signport.envelope-events.v1, issues a throw-away test API key on signport.api-keys.v1, and runs a driver (Java,
# written below, on the service's own libraries) that:
#   1. starts a healthy receiver (Vert.x, answers 200 at once) and subscribes it to envelope.sent through the API;
#   2. warms up (WARMUP events as fast as possible, then RATE events/s for DURATION s; not reported);
#   3. runs ROUNDS rounds of
#      A: the healthy endpoint alone, and
#      B: the same plus a second endpoint, subscribed to the same events, that accepts connections and never
#         answers (every attempt hangs until the service's 15 s timeout; deleted and closed after the run),
#      each as
#      - burst: BURST envelope.sent events published to Kafka as fast as it can; deliveries/s = BURST /
#        (last delivery received by the healthy receiver - first event acknowledged by Kafka);
#      - steady: RATE events/s for DURATION s; per event, the time from Kafka's acknowledgement of the publish
#        ("event on Kafka") to the healthy receiver getting the delivery: p50, p99, max;
#   4. deletes the webhooks (their pending deliveries go with them).
# Reports every run, the means of the A and B runs, and how much the dead endpoint moves the healthy p99
# (target < 10 %), with the machine's cores, load and CPU use: on a shared machine the figures move with whatever
# else runs, which the alternating rounds spread over both sides.
#
# Needs PostgreSQL and Kafka (`./signport infra up` is run only if `./signport infra status` fails), a JDK 17, curl.
# Do not run it while webhook-service's own tests run: they share the `webhook` schema. To measure a copy of the
# repository against the servers of the main checkout, export SIGNPORT_HOME=<main checkout>/.signport first, so
# that no second PostgreSQL/Kafka is started.
#
# Usage: deploy/bench/webhook-throughput.sh
# Environment:
#   BURST     events per burst run (20000)
#   RATE      events per second in the steady runs (2000: the throughput target)
#   DURATION  seconds of each steady run (20)
#   WARMUP    warm-up burst events (3000), followed by a steady warm-up of DURATION s
#   ROUNDS    rounds of (healthy only, plus dead endpoint) measured (3)
#   HEAP      heap options of the service JVM ("-Xms512m -Xmx512m")
#   PORT      HTTP port of the service (18390); must be free
#   BUILD     set to rebuild webhook-service (package, not install) before measuring
#   KEEP      set to keep the work directory (service.log, metrics.txt, driver source)
#   KEEP_WEBHOOKS  set to keep the two webhooks and their deliveries (in the `webhook` schema) for inspection
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd "$ROOT"

BURST=${BURST:-20000}
RATE=${RATE:-2000}
SECONDS_STEADY=${DURATION:-20}
WARMUP=${WARMUP:-3000}
ROUNDS=${ROUNDS:-3}
HEAP=${HEAP:--Xms512m -Xmx512m}
PORT=${PORT:-18390}
BOOTSTRAP=${SIGNPORT_KAFKA_BOOTSTRAP:-127.0.0.1:${SIGNPORT_KAFKA_PORT:-59092}}
APP=$ROOT/webhook-service/target/quarkus-app
WORK=$(mktemp -d "${TMPDIR:-/tmp}/signport-webhook-bench.XXXXXX")
STARTED_PID=""

cleanup() {
  [[ -z $STARTED_PID ]] || curl -sf "http://127.0.0.1:$PORT/q/metrics" >"$WORK/metrics-at-exit.txt" 2>/dev/null || true
  if [[ -n $STARTED_PID ]] && kill -0 "$STARTED_PID" 2>/dev/null; then
    kill "$STARTED_PID" 2>/dev/null || true
    wait "$STARTED_PID" 2>/dev/null || true
  fi
  if [[ -n ${KEEP:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

die() { echo "webhook-throughput: $*" >&2; exit 1; }
for n in BURST RATE SECONDS_STEADY WARMUP ROUNDS PORT; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive number, got '${!n}'"
done
for tool in curl java awk; do command -v "$tool" >/dev/null || die "needs $tool on PATH"; done

./signport infra status >/dev/null 2>&1 || ./signport infra up >/dev/null
if [[ -n ${BUILD:-} || ! -f $APP/quarkus-run.jar ]]; then
  echo "building webhook-service..."
  ./mvnw -B -q -o -pl webhook-service package -DskipTests
fi
timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && die "port $PORT is already in use: choose another PORT"

cat >"$WORK/WebhookBench.java" <<'JAVA'
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.apikey.ApiKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/** The driver of deploy/bench/webhook-throughput.sh: publishes envelope events and times their deliveries. */
public class WebhookBench {

    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final String service;
    final String tenant = "ten_bench" + System.currentTimeMillis();
    final KafkaProducer<String, String> producer;
    /** envelope id -> nanoTime at which Kafka acknowledged its event. */
    final Map<String, Long> onKafka = new ConcurrentHashMap<>();
    /** envelope id -> nanoTime at which the healthy receiver got it (first time). */
    final Map<String, Long> received = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong deadHits = new AtomicLong();
    final AtomicLong sequence = new AtomicLong(1);
    String bearer;

    WebhookBench(String bootstrap, String service) {
        this.service = service;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String service = args[1];
        int burst = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        WebhookBench b = new WebhookBench(bootstrap, service);
        Vertx vertx = Vertx.vertx();
        HttpServer healthy = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    long now = System.nanoTime();
                    String s = body.toString(StandardCharsets.UTF_8);
                    int i = s.indexOf("\"envelopeId\":\"");
                    if (i >= 0) {
                        String id = s.substring(i + 14, s.indexOf('"', i + 14));
                        if (b.received.putIfAbsent(id, now) != null) {
                            b.duplicates.incrementAndGet();
                        }
                    }
                    req.response().setStatusCode(200).end();
                })).listen().toCompletionStage().toCompletableFuture().get();
        b.bearer = "Bearer " + b.issueKey();
        b.awaitKey();
        String healthyId = b.createWebhook("http://127.0.0.1:" + healthy.actualPort() + "/hooks/signport");
        String deadId = null;
        try {
            b.awaitConsuming();
            // JIT, connection pools, the database's caches and statistics: one full round, not reported.
            System.out.printf("warm-up: %d events, then %d events/s for %d s%n", warmup, rate, seconds);
            b.burst(warmup);
            b.steady(rate, seconds);

            // Rounds alternate without and with the dead endpoint, so that the machine's drift (other work,
            // autovacuum) falls on both sides of the comparison.
            List<String> lines = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                lines.add(b.measure("A" + round + " healthy endpoint only", burst, rate, seconds));
                // Accepts every connection and request, answers none: each attempt hangs until the timeout.
                HttpServer dead = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                        .requestHandler(req -> b.deadHits.incrementAndGet())
                        .listen().toCompletionStage().toCompletableFuture().get();
                deadId = b.createWebhook("http://127.0.0.1:" + dead.actualPort() + "/hooks/signport");
                lines.add(b.measure("B" + round + " plus one dead endpoint", burst, rate, seconds));
                b.delete(deadId);
                deadId = null;
                // Its hanging requests end now (connection closed), not in the next round.
                dead.close().toCompletionStage().toCompletableFuture().get();
            }
            System.out.printf("BENCH dead_endpoint_requests=%d duplicates=%d%n", b.deadHits.get(), b.duplicates.get());
            lines.forEach(System.out::println);
        } finally {
            if (System.getenv("KEEP_WEBHOOKS") == null) {
                b.delete(healthyId);
                b.delete(deadId);
            } else {
                System.out.println("kept the webhooks of tenant " + b.tenant);
            }
            b.producer.close();
            vertx.close();
        }
    }

    String measure(String label, int burst, int rate, int seconds) throws Exception {
        System.out.printf("%s: burst of %d events...%n", label, burst);
        double perSecond = burst(burst);
        System.out.printf("%s: %d events/s for %d s...%n", label, rate, seconds);
        double[] latencies = steady(rate, seconds);
        return String.format("BENCH run=\"%s\" deliveries_per_s=%.0f steady_rate=%d p50_ms=%.1f p99_ms=%.1f"
                + " max_ms=%.1f", label, perSecond, rate, pct(latencies, 50), pct(latencies, 99),
                latencies[latencies.length - 1]);
    }

    /** Publishes n events as fast as Kafka takes them; deliveries per second to the healthy receiver. */
    double burst(int n) throws Exception {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(publish());
        }
        producer.flush();
        long first = ids.stream().mapToLong(id -> onKafka.getOrDefault(id, Long.MAX_VALUE)).min().orElseThrow();
        long last = awaitAll(ids, 300);
        return n / ((last - first) / 1e9);
    }

    /** Publishes rate events/s for seconds s; the sorted latencies (ms) from Kafka's ack to the delivery. */
    double[] steady(int rate, int seconds) throws Exception {
        int n = rate * seconds;
        List<String> ids = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + (long) (i * (1e9 / rate));
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            ids.add(publish());
        }
        producer.flush();
        awaitAll(ids, 300);
        double[] l = ids.stream().mapToDouble(id -> (received.get(id) - onKafka.get(id)) / 1e6).toArray();
        Arrays.sort(l);
        return l;
    }

    long awaitAll(List<String> ids, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            long missing = ids.stream().filter(id -> !received.containsKey(id) || !onKafka.containsKey(id)).count();
            if (missing == 0) {
                return ids.stream().mapToLong(received::get).max().orElseThrow();
            }
            Thread.sleep(20);
        }
        long missing = ids.stream().filter(id -> !received.containsKey(id)).count();
        ids.stream().filter(id -> !received.containsKey(id)).limit(3).forEach(id -> System.out.println("missing " + id));
        throw new IllegalStateException(missing + " of " + ids.size() + " deliveries did not arrive within "
                + timeoutSeconds + " s");
    }

    /** One envelope.sent of a new envelope, with the CloudEvents headers envelope-service's relay writes. */
    String publish() {
        String envelopeId = "env_bench" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        String json = "{\"type\":\"envelope.sent\",\"envelopeId\":\"" + envelopeId + "\",\"tenantId\":\"" + tenant
                + "\",\"mode\":\"TEST\",\"status\":\"SENT\",\"occurredAt\":\"" + now + "\",\"provider\":\"local\","
                + "\"metadata\":{\"crmDealId\":\"D-1042\"}}";
        RecordHeaders h = new RecordHeaders();
        h.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        h.add("ce_source", "/signport/envelope-service".getBytes(StandardCharsets.UTF_8));
        h.add("ce_type", "envelope.sent".getBytes(StandardCharsets.UTF_8));
        h.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        h.add("ce_time", now.toString().getBytes(StandardCharsets.UTF_8));
        h.add("ce_subject", envelopeId.getBytes(StandardCharsets.UTF_8));
        h.add("ce_tenantid", tenant.getBytes(StandardCharsets.UTF_8));
        h.add("ce_sequence", String.format("%019d", sequence.getAndIncrement()).getBytes(StandardCharsets.UTF_8));
        h.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(Topics.ENVELOPE_EVENTS, null, envelopeId, json, h), (md, e) -> {
            if (e == null) {
                onKafka.put(envelopeId, System.nanoTime());
            } else {
                System.err.println("publish failed: " + e);
            }
        });
        return envelopeId;
    }

    /** Until the service's consumer has its partitions (it starts at the end of the topic), probe events. */
    void awaitConsuming() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<String> probes = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            probes.add(publish());
            producer.flush();
            Thread.sleep(250);
            if (probes.stream().anyMatch(received::containsKey)) {
                return;
            }
        }
        throw new IllegalStateException("the service delivered nothing within 90 s");
    }

    String issueKey() throws Exception {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = "sk_test_" + HexFormat.of().formatHex(random);
        String keyId = "key_bench" + System.currentTimeMillis();
        ApiKeyRecord record = new ApiKeyRecord(keyId, tenant, ApiKeys.sha256Hex(secret), Mode.TEST, "benchmark",
                Instant.now(), false, null);
        producer.send(new ProducerRecord<>(Topics.API_KEYS, keyId, MAPPER.writeValueAsString(record))).get();
        return secret;
    }

    void awaitKey() throws Exception {
        for (int i = 0; i < 120; i++) {
            if (call("GET", "/api/v1/webhooks", null).statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the API key was not accepted within 60 s");
    }

    String createWebhook(String url) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/webhooks",
                MAPPER.writeValueAsString(Map.of("url", url, "events", List.of("envelope.sent"))));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating a webhook answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode body = MAPPER.readTree(r.body());
        return body.get("id").asText();
    }

    void delete(String id) {
        if (id == null) {
            return;
        }
        try {
            call("DELETE", "/api/v1/webhooks/" + id, null);
        } catch (Exception e) {
            System.err.println("could not delete webhook " + id + ": " + e);
        }
    }

    HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(service + path)).header("Authorization", bearer);
        if (json != null) {
            r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
JAVA

LOG=$WORK/service.log
echo "starting webhook-service on :$PORT ($HEAP)"
# shellcheck disable=SC2086 # HEAP holds several JVM options
env PORT="$PORT" QUARKUS_OTEL_SDK_DISABLED=true SIGNPORT_WEBHOOK_DB_PASSWORD="${SIGNPORT_WEBHOOK_DB_PASSWORD:-webhook}" \
  SIGNPORT_WEBHOOK_CONSUMER_GROUP="webhook-service-bench-$$" \
  MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_AUTO_OFFSET_RESET=latest \
  SIGNPORT_WEBHOOK_ALLOW_HTTP=true SIGNPORT_WEBHOOK_SSRF_ALLOW=127.0.0.0/8 \
  SIGNPORT_WEBHOOK_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" \
  java $HEAP -XX:+ExitOnOutOfMemoryError -jar "$APP/quarkus-run.jar" >"$LOG" 2>&1 &
STARTED_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$STARTED_PID" 2>/dev/null || { tail -n 40 "$LOG" >&2; die "the service exited"; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { tail -n 40 "$LOG" >&2; die "the service is not ready"; }

# CPU over the whole driver run: the machine (/proc/stat) and the service JVM (/proc/<pid>/stat), so that a run
# disturbed by other work on the machine shows (machine busy well above what the service uses).
machine_jiffies() { awk '/^cpu / { idle = $5 + $6; t = 0; for (i = 2; i <= 9; i++) t += $i; print t, idle }' /proc/stat; }
process_jiffies() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
read -r total0 idle0 < <(machine_jiffies)
svc0=$(process_jiffies "$STARTED_PID")
OUT=$WORK/driver.out
java -Xmx1g -cp "$APP/lib/main/*" "$WORK/WebhookBench.java" "$BOOTSTRAP" "http://127.0.0.1:$PORT" \
  "$BURST" "$RATE" "$SECONDS_STEADY" "$WARMUP" "$ROUNDS" 2>&1 | tee "$OUT" | grep -v '^BENCH' || true
grep -q '^BENCH run=' "$OUT" || { tail -n 40 "$LOG" >&2; die "the driver printed no result"; }
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
read -r total1 idle1 < <(machine_jiffies)
svc1=$(process_jiffies "$STARTED_PID")
# Where the service spent its time (both runs together): per pipeline step, calls, seconds and p99.
curl -sf "http://127.0.0.1:$PORT/q/metrics" >"$WORK/metrics.txt" || true

value() { sed -n "s/^BENCH run=\"$1\".* $2=\([0-9.]*\).*/\1/p" "$OUT" | head -n 1; }
runs() { sed -n 's/^BENCH run="\([^"]*\)".*/\1/p' "$OUT"; }
echo
echo "WEBHOOK THROUGHPUT (loopback; $(nproc) cores, load before $LOAD_BEFORE, after $LOAD_AFTER)"
printf '%-28s %14s %10s %10s %10s\n' run deliveries/s p50_ms p99_ms max_ms
while IFS= read -r run; do
  printf '%-28s %14s %10s %10s %10s\n' "$run" "$(value "$run" deliveries_per_s)" "$(value "$run" p50_ms)" \
    "$(value "$run" p99_ms)" "$(value "$run" max_ms)"
done < <(runs)
grep '^BENCH run=' "$OUT" | awk -v rate="$RATE" '
  { match($0, /run="[AB]/); side = substr($0, RSTART + 5, 1)
    match($0, /p99_ms=[0-9.]+/); p99[side] += substr($0, RSTART + 7, RLENGTH - 7)
    match($0, /deliveries_per_s=[0-9.]+/); tput[side] += substr($0, RSTART + 17, RLENGTH - 17); n[side]++ }
  END {
    a = p99["A"] / n["A"]; b = p99["B"] / n["B"]
    printf "mean of the A runs: %.0f deliveries/s, p99 %.1f ms; of the B runs (dead endpoint): %.0f deliveries/s," \
      " p99 %.1f ms\n", tput["A"] / n["A"], a, tput["B"] / n["B"], b
    printf "latency measured at %d events/s; the dead endpoint moves the healthy p99 by %+.1f %% (target < 10 %%)\n",
      rate, (b - a) / a * 100 }'
awk -v t="$((total1 - total0))" -v i="$((idle1 - idle0))" -v s="$((svc1 - svc0))" -v n="$(nproc)" 'BEGIN {
  printf "cpu during the runs: machine %.0f %% busy of %d cores; webhook-service used %.2f cores\n",
    (t - i) / t * 100, n, s / t * n }'
grep '^BENCH dead_endpoint_requests' "$OUT" | sed 's/^BENCH /driver: /'
awk '/^signport_webhook_store_seconds_(count|sum)|^signport_webhook_store_seconds\{.*quantile="0.99"|^signport_webhook_claims_total/' \
  "$WORK/metrics.txt" | sed 's/^/service: /'
echo "targets: >= 2000 deliveries/s, p99 < 250 ms. A shared, busy machine moves these figures; rerun to compare."
