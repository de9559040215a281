#!/usr/bin/env bash
# What the connector adds to a vendor call: the same vendor operation, in one run, done directly
# against the vendor simulator and through connector-service (SendEnvelope on Kafka -> document
# fetched from document-service -> vendor calls -> provider.accepted on Kafka through the outbox),
# one at a time, interleaved. Reports p50/p99 of both and the difference (target: < 5 ms at p50).
#
#   certyneo    the calls the adapter makes for one SendEnvelope: upload the PDF (multipart), create the
#               envelope, register its webhook, send it
#   okdokument  create the signature request (PDF in base64)
#
# The script starts its own vendor-simulators, document-service and, per vendor, a connector-service
# from their packaged jars (built with `./mvnw package` when missing, or always with BUILD=1), against
# the PostgreSQL and Kafka of `./signport infra up` (started only if `./signport infra status` fails).
# The simulator's Certyneo rate limit and the connector's client-side pacing are raised for the run and
# the OKdokument quota refilled: this measures overhead, not throttling. The connector reads its commands
# from a topic of the benchmark's own (signport.bench.provider.<vendor>.commands.v1, created for the run
# and deleted after it, under its own consumer group), so that commands other work puts on the real
# command topic (e.g. envelope-service tests) neither disturb the figures nor get answered by it; its
# provider.accepted events go to the real provider-events topic; its envelope rows are deleted at the end.
#
# Usage: deploy/bench/connector-overhead.sh
# Environment:
#   ITERATIONS  measured operations per vendor and path (200)
#   WARMUP      unmeasured operations first (50)
#   VENDORS     vendors to measure ("certyneo okdokument")
#   HEAP        heap options of the service JVMs ("-Xms256m -Xmx256m")
#   PORT_BASE   first of the three HTTP ports used (18290: simulators, +1 document-service, +2 connector)
#   BUILD       set to rebuild the jars first
#   KEEP        set to keep the work directory (logs of every process)
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd -P)
cd "$ROOT"

ITERATIONS=${ITERATIONS:-200}
WARMUP=${WARMUP:-50}
VENDORS=${VENDORS:-certyneo okdokument}
HEAP=${HEAP:--Xms256m -Xmx256m}
PORT_BASE=${PORT_BASE:-18290}
SIM_PORT=$PORT_BASE
DOC_PORT=$((PORT_BASE + 1))
CONNECTOR_PORT=$((PORT_BASE + 2))
BOOTSTRAP=${SIGNPORT_KAFKA_BOOTSTRAP:-127.0.0.1:${SIGNPORT_KAFKA_PORT:-59092}}
TOKEN=bench-service-token-$RANDOM$RANDOM
SIM_JAR=$ROOT/provider-connectors/vendor-simulators/target/quarkus-app/quarkus-run.jar
DOC_JAR=$ROOT/document-service/target/quarkus-app/quarkus-run.jar
CONNECTOR_APP=$ROOT/provider-connectors/connector-service/target/quarkus-app
WORK=$(mktemp -d "${TMPDIR:-/tmp}/signport-connector-bench.XXXXXX")
declare -A PIDS=()

die() { echo "connector-overhead: $*" >&2; exit 1; }

stop() { # stop <name>
  local pid=${PIDS[$1]:-}
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  unset "PIDS[$1]"
}
cleanup() {
  for name in "${!PIDS[@]}"; do stop "$name"; done
  if [[ -n ${KEEP:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

start() { # start <name> <jar> <port> [VAR=value ...]
  local name=$1 jar=$2 port=$3
  shift 3
  timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null && die "port $port is in use: choose another PORT_BASE"
  # shellcheck disable=SC2086 # HEAP holds several JVM options
  env "$@" PORT="$port" QUARKUS_OTEL_SDK_DISABLED=true java $HEAP -XX:+ExitOnOutOfMemoryError -jar "$jar" \
    >"$WORK/$name.log" 2>&1 &
  PIDS[$name]=$!
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "${PIDS[$name]}" 2>/dev/null || { tail -n 40 "$WORK/$name.log" >&2; die "$name exited"; }
    sleep 0.5
  done
  tail -n 40 "$WORK/$name.log" >&2
  die "$name not ready within 120 s"
}

for tool in curl java awk; do command -v "$tool" >/dev/null || die "needs $tool on PATH"; done
./signport infra status >/dev/null 2>&1 || ./signport infra up >/dev/null
if [[ -n ${BUILD:-} || ! -f $SIM_JAR || ! -f $DOC_JAR || ! -f $CONNECTOR_APP/quarkus-run.jar ]]; then
  echo "building document-service, vendor-simulators and connector-service..."
  ./mvnw -B -q -pl document-service,provider-connectors/connector-core,provider-connectors/vendor-simulators,provider-connectors/connector-service \
    package -DskipTests
fi

# --- the measuring program: a single-file Java source run with connector-service's libraries ----------
cat >"$WORK/ConnectorOverhead.java" <<'JAVA'
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.cloudevents.EventSources;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.SendEnvelope;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Times one vendor operation directly and through the connector, interleaved; prints BENCH lines. */
public class ConnectorOverhead {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).setSerializationInclusion(JsonInclude.Include.NON_NULL);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Map<String, CompletableFuture<long[]>> WAITING = new ConcurrentHashMap<>();
    static final List<Long> PUBLISH = new ArrayList<>(), INSIDE = new ArrayList<>(), DELIVERY = new ArrayList<>();
    static volatile boolean running = true;

    public static void main(String[] a) throws Exception {
        if (a[0].equals("create-topic")) {
            createTopic(a[1], a[2]);
            return;
        }
        String vendor = a[0], sim = a[1], doc = a[2], token = a[3], bootstrap = a[4], jdbc = a[7];
        int iterations = Integer.parseInt(a[5]), warmup = Integer.parseInt(a[6]);
        String tenant = "ten_bench_" + System.currentTimeMillis();
        byte[] pdf = pdf();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf));
        // The connector reads any tenant's PDF on document-service's internal route; store one there.
        HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(URI.create(doc + "/internal/documents?tenantId="
                        + tenant + "&kind=AUDIT_TRAIL&name=bench.pdf")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/pdf").POST(HttpRequest.BodyPublishers.ofByteArray(pdf)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (stored.statusCode() != 201) {
            throw new IllegalStateException("document-service answered " + stored.statusCode() + ": " + stored.body());
        }
        String documentId = JSON.readTree(stored.body()).path("id").asText();

        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaProducer<String, String> producer = new KafkaProducer<>(pp);
        Thread reader = events(bootstrap);
        String commands = benchTopic(vendor);

        List<Long> direct = new ArrayList<>(), through = new ArrayList<>();
        for (int i = 0; i < warmup + iterations; i++) {
            long d = direct(vendor, sim, pdf);
            long c = throughConnector(producer, vendor, tenant, documentId, sha, pdf.length, i < warmup);
            if (i >= warmup) {
                direct.add(d);
                through.add(c);
            }
        }
        running = false;
        reader.join(5000);
        producer.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteTopics(List.of(commands)).all().get();
        }
        try (var conn = DriverManager.getConnection(jdbc, "connector", "connector");
                var ps = conn.prepareStatement("delete from connector.envelope_link where tenant_id = ?")) {
            ps.setString(1, tenant);
            ps.executeUpdate();
        }
        System.out.printf("BENCH vendor=%s n=%d direct_p50_ms=%.2f direct_p99_ms=%.2f connector_p50_ms=%.2f connector_p99_ms=%.2f%n",
                vendor, iterations, pct(direct, 50), pct(direct, 99), pct(through, 50), pct(through, 99));
        System.out.printf("BENCH_SPLIT vendor=%s publish_p50_ms=%.2f inside_p50_ms=%.2f delivery_p50_ms=%.2f%n",
                vendor, pct(PUBLISH, 50), pct(INSIDE, 50), pct(DELIVERY, 50));
    }

    /** The vendor calls the adapter makes for one SendEnvelope, made directly; returns nanoseconds. */
    static long direct(String vendor, String sim, byte[] pdf) throws Exception {
        long start = System.nanoTime();
        if (vendor.equals("certyneo")) {
            String auth = "Bearer sk_test_sim_certyneo", base = sim + "/certyneo/api/v1";
            String boundary = "bench" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.pdf\"\r\n"
                    + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(pdf);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            String docId = call(HttpRequest.newBuilder(URI.create(base + "/documents")).header("Authorization", auth)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), 201).path("id").asText();
            String env = call(json(base + "/envelopes", auth, Map.of("subject", "Bench", "documentIds", List.of(docId),
                    "signingOrder", "PARALLEL", "message", "Please sign", "recipients",
                    List.of(Map.of("email", "bench@example.com", "name", "Bench Signer", "role", "SIGNER")))), 201)
                    .path("id").asText();
            call(json(base + "/webhooks", auth, Map.of("url", "http://127.0.0.1:9/callbacks/certyneo/bench",
                    "events", List.of("recipient.signed", "envelope.completed"))), 201);
            call(HttpRequest.newBuilder(URI.create(base + "/envelopes/" + env + "/send")).header("Authorization", auth)
                    .POST(HttpRequest.BodyPublishers.noBody()), 200);
        } else {
            call(HttpRequest.newBuilder(URI.create(sim + "/okdokument/JSON/signatureRequest"))
                    .header("x-api-key", "okd_sim_key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                            "resulturl", "http://127.0.0.1:9/callbacks/okdokument/bench/result",
                            "sendInfoURL", "http://127.0.0.1:9/callbacks/okdokument/bench",
                            "filedata", Map.of("content", Base64.getEncoder().encodeToString(pdf), "filename", "bench.pdf"))))),
                    200);
        }
        return System.nanoTime() - start;
    }

    /** SendEnvelope on the command topic (as envelope-service's relay writes it) until provider.accepted is read. */
    static long throughConnector(KafkaProducer<String, String> producer, String vendor, String tenant, String documentId,
            String sha, long size, boolean warm) throws Exception {
        for (int attempt = 0; ; attempt++) {
            String envelope = "env_bench" + UUID.randomUUID().toString().replace("-", "");
            SendEnvelope cmd = new SendEnvelope("cmd_" + UUID.randomUUID(), envelope, tenant, Mode.TEST, Instant.now(),
                    "Bench", "Please sign", "en", List.of(new SendEnvelope.Document(documentId, "bench.pdf", sha, size, 1)),
                    List.of(new SendEnvelope.Recipient("rcp_bench1", "bench@example.com", "Bench Signer",
                            RecipientRole.SIGNER, 1, null, List.of())),
                    SigningOrder.PARALLEL, SignatureLevel.SES, null, null);
            ProducerRecord<String, String> r = new ProducerRecord<>(benchTopic(vendor), envelope,
                    JSON.writeValueAsString(cmd));
            Map<String, String> h = Map.of(CloudEventHeaders.CE_SPECVERSION, "1.0", CloudEventHeaders.CE_ID,
                    UUID.randomUUID().toString(), CloudEventHeaders.CE_SOURCE, EventSources.ENVELOPE_SERVICE,
                    CloudEventHeaders.CE_TYPE, SendEnvelope.TYPE, CloudEventHeaders.CE_TIME,
                    DateTimeFormatter.ISO_INSTANT.format(cmd.issuedAt()), CloudEventHeaders.CE_SUBJECT, envelope,
                    CloudEventHeaders.CE_PARTITIONKEY, envelope, CloudEventHeaders.CE_TENANTID, tenant,
                    CloudEventHeaders.CONTENT_TYPE, "application/json");
            h.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            CompletableFuture<long[]> accepted = new CompletableFuture<>();
            WAITING.put(envelope, accepted);
            long start = System.nanoTime();
            long sentAtMillis = System.currentTimeMillis();
            long commandTimestamp = producer.send(r).get().timestamp();
            long acked = System.nanoTime();
            try {
                long[] event = accepted.get(warm ? 10 : 60, TimeUnit.SECONDS); // {read at nanos, event CreateTime, read at millis}
                if (!warm) {
                    // Millisecond wall clocks (Kafka CreateTime) for the split; nanoseconds for the total.
                    PUBLISH.add(acked - start);
                    INSIDE.add((event[1] - commandTimestamp) * 1_000_000L);
                    DELIVERY.add((event[2] - event[1]) * 1_000_000L);
                }
                return event[0] - start;
            } catch (TimeoutException e) {
                WAITING.remove(envelope);
                // Only during warm-up: the connector's consumer may not have had its partitions yet.
                if (!warm || attempt > 5) {
                    throw new IllegalStateException("no provider.accepted for " + envelope);
                }
            }
        }
    }

    static String benchTopic(String vendor) {
        return "signport.bench.provider." + vendor + ".commands.v1";
    }

    /** Creates the benchmark's command topic (3 partitions, like the real one); called by the script before the connector starts. */
    static void createTopic(String bootstrap, String vendor) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(benchTopic(vendor))) {
                admin.createTopics(List.of(new NewTopic(benchTopic(vendor), 3, (short) 1))).all().get();
            }
        }
    }

    static Thread events(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "1");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = consumer.partitionsFor(Topics.PROVIDER_EVENTS, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        Thread t = new Thread(() -> {
            while (running) {
                for (var rec : consumer.poll(Duration.ofMillis(50))) {
                    Header type = rec.headers().lastHeader(CloudEventHeaders.CE_TYPE);
                    if (type != null && new String(type.value(), StandardCharsets.UTF_8).equals("provider.accepted")) {
                        long now = System.nanoTime();
                        CompletableFuture<long[]> waiting = WAITING.remove(rec.key());
                        if (waiting != null) {
                            waiting.complete(new long[] {now, rec.timestamp(), System.currentTimeMillis()});
                        }
                    } else if (type != null && new String(type.value(), StandardCharsets.UTF_8).equals("provider.failed")) {
                        System.err.println("provider.failed for " + rec.key() + ": " + rec.value());
                    }
                }
            }
            consumer.close();
        }, "events");
        t.start();
        return t;
    }

    static HttpRequest.Builder json(String url, String auth, Object body) throws Exception {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    static JsonNode call(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static double pct(List<Long> nanos, int p) {
        List<Long> s = new ArrayList<>(nanos);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1e6;
    }

    /** A small valid one-page PDF with a correct cross-reference table. */
    static byte[] pdf() {
        String content = "72 720 m 540 720 l S";
        List<String> objects = List.of("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream");
        StringBuilder b = new StringBuilder("%PDF-1.7\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(b.length());
            b.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = b.length();
        b.append("xref\n0 5\n0000000000 65535 f \n");
        offsets.forEach(o -> b.append(String.format("%010d 00000 n \n", o)));
        b.append("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
JAVA

# --- run ------------------------------------------------------------------------------------------------
echo "starting vendor-simulators on :$SIM_PORT and document-service on :$DOC_PORT"
start simulators "$SIM_JAR" "$SIM_PORT"
start document-service "$DOC_JAR" "$DOC_PORT" SIGNPORT_SERVICE_TOKEN="$TOKEN" \
  MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_GROUP_ID=document-service-bench \
  MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_AUTO_OFFSET_RESET=latest SIGNPORT_DOCUMENTS_SPOOL_DIR="$WORK/spool"
SIM=http://127.0.0.1:$SIM_PORT
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"perMinute":1000000,"burst":1000000}' \
  "$SIM/_control/certyneo/rate-limit" >/dev/null || die "could not raise the simulator's Certyneo rate limit"
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"remaining":1000000}' \
  "$SIM/_control/okdokument/quota" >/dev/null || die "could not refill the simulator's OKdokument quota"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A RESULT=() SPLIT=()
for vendor in $VENDORS; do
  [[ $vendor == certyneo || $vendor == okdokument ]] || die "unknown vendor '$vendor' in VENDORS"
  java -cp "$CONNECTOR_APP/lib/main/*" "$WORK/ConnectorOverhead.java" create-topic "$BOOTSTRAP" "$vendor" \
    >"$WORK/topic-$vendor.txt" 2>&1 || { cat "$WORK/topic-$vendor.txt" >&2; die "$vendor: could not create the bench topic"; }
  echo "$vendor: starting connector-service on :$CONNECTOR_PORT"
  start "connector-$vendor" "$CONNECTOR_APP/quarkus-run.jar" "$CONNECTOR_PORT" \
    SIGNPORT_CONNECTOR_PROVIDER="$vendor" SIGNPORT_CONNECTOR_CALLBACK_BASE_URL="http://127.0.0.1:$CONNECTOR_PORT" \
    SIGNPORT_CONNECTOR_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" SIGNPORT_SERVICE_TOKEN="$TOKEN" \
    SIGNPORT_DOCUMENT_SERVICE_URL="http://127.0.0.1:$DOC_PORT" SIGNPORT_CONNECTOR_DB_PASSWORD=connector \
    SIGNPORT_CERTYNEO_BASE_URL="$SIM/certyneo" SIGNPORT_CERTYNEO_API_KEY=sk_test_sim_certyneo \
    SIGNPORT_OKDOKUMENT_BASE_URL="$SIM/okdokument" SIGNPORT_OKDOKUMENT_API_KEY=okd_sim_key \
    SIGNPORT_CERTYNEO_RATE_PER_MINUTE=1000000 SIGNPORT_CERTYNEO_RATE_BURST=1000000 \
    SIGNPORT_OKDOKUMENT_RATE_PER_MINUTE=1000000 SIGNPORT_OKDOKUMENT_RATE_BURST=1000000 \
    SIGNPORT_CONNECTOR_GROUP_ID="connector-bench-$vendor" \
    MP_MESSAGING_INCOMING_PROVIDER_COMMANDS_TOPIC="signport.bench.provider.$vendor.commands.v1" \
    MP_MESSAGING_INCOMING_PROVIDER_COMMANDS_AUTO_OFFSET_RESET=latest \
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
  echo "$vendor: $WARMUP warm-up, then $ITERATIONS measured operations per path"
  java -cp "$CONNECTOR_APP/lib/main/*" "$WORK/ConnectorOverhead.java" "$vendor" "$SIM" "http://127.0.0.1:$DOC_PORT" \
    "$TOKEN" "$BOOTSTRAP" "$ITERATIONS" "$WARMUP" \
    "jdbc:postgresql://127.0.0.1:${SIGNPORT_PG_PORT:-55432}/signport" >"$WORK/driver-$vendor.txt" 2>&1 \
    || { cat "$WORK/driver-$vendor.txt" >&2; die "$vendor: the measuring program failed"; }
  RESULT[$vendor]=$(grep '^BENCH ' "$WORK/driver-$vendor.txt")
  SPLIT[$vendor]=$(grep '^BENCH_SPLIT ' "$WORK/driver-$vendor.txt")
  # What the connector itself measured: its vendor calls and the outbox relay's drains (Micrometer).
  curl -sf "http://127.0.0.1:$CONNECTOR_PORT/q/metrics" >"$WORK/metrics-$vendor.txt" || true
  stop "connector-$vendor"
done

# --- report ---------------------------------------------------------------------------------------------
value() { sed -n 's/.*\b'"$2"'=\([0-9.]*\).*/\1/p' <<<"$1"; }
echo
echo "One SendEnvelope's vendor calls, directly vs through connector-service; $ITERATIONS measured per path after $WARMUP warm-up"
echo "machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)); load before: $LOAD_BEFORE"
echo "JVMs: $(java -version 2>&1 | head -n 2 | tail -n 1), $HEAP; code: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ' + uncommitted changes')"
echo
printf '%-11s %-62s %10s %10s %10s %10s %12s %12s\n' vendor "operation" direct_p50 direct_p99 conn_p50 conn_p99 overhead_p50 overhead_p99
for vendor in $VENDORS; do
  r=${RESULT[$vendor]}
  op="upload + create envelope + register webhook + send (4 calls)"
  [[ $vendor == okdokument ]] && op="create signature request (1 call)"
  awk -v v="$vendor" -v op="$op" -v d50="$(value "$r" direct_p50_ms)" -v d99="$(value "$r" direct_p99_ms)" \
      -v c50="$(value "$r" connector_p50_ms)" -v c99="$(value "$r" connector_p99_ms)" \
      'BEGIN { printf "%-11s %-62s %8.2fms %8.2fms %8.2fms %8.2fms %10.2fms %10.2fms\n", v, op, d50, d99, c50, c99, c50 - d50, c99 - d99 }'
done
echo
echo "Where the connector's p50 goes (Kafka CreateTime, millisecond clocks): publish = SendEnvelope acknowledged by"
echo "Kafka; inside = command CreateTime -> provider.accepted CreateTime (consume, fetch PDF, vendor calls, transactions,"
echo "outbox relay); delivery = provider.accepted CreateTime -> read by a consumer."
for vendor in $VENDORS; do
  s=${SPLIT[$vendor]}
  printf '  %-11s publish %6s ms   inside %6s ms   delivery %6s ms\n' "$vendor" "$(value "$s" publish_p50_ms)" \
    "$(value "$s" inside_p50_ms)" "$(value "$s" delivery_p50_ms)"
done
echo
echo "Inside the connector, p50 from its own /q/metrics (Micrometer percentiles over the last minutes of the run):"
for vendor in $VENDORS; do
  m=$WORK/metrics-$vendor.txt
  [[ -s $m ]] || continue
  # q50 <metric> <label filter...>: the 0.5 quantile of the first series whose labels contain every filter, in ms
  q50() { awk -v name="$1" -v f1="${2:-}" -v f2="${3:-}" '
      index($0, name "{") == 1 && index($0, "quantile=\"0.5\"") && index($0, f1) && index($0, f2) {
        printf "%.2f", 1000 * $2; found = 1; exit }
      END { if (!found) printf "-" }' "$m"; }
  calls=""
  for op in upload-document create-envelope create-webhook send-envelope create-request; do
    v=$(q50 signport_connector_vendor_calls_seconds "operation=\"$op\"" 'outcome="ok"')
    [[ $v != - ]] && calls+=" $op $v,"
  done
  printf '  %-11s send handled %s ms = documents %s + vendor calls and recorded steps %s + answer recorded %s;%s\n' \
    "$vendor" "$(q50 signport_connector_commands_seconds 'type="command.send_envelope"')" \
    "$(q50 signport_connector_send_stage_seconds 'stage="documents"')" \
    "$(q50 signport_connector_send_stage_seconds 'stage="vendor"')" \
    "$(q50 signport_connector_send_stage_seconds 'stage="record"')" "${calls%,}"
done
echo "  (the rest of 'inside' is Kafka delivering the command to the connector and the outbox relay publishing the answer)"
echo
echo "Through the connector = publish SendEnvelope (acks=all) -> consumed -> PDF fetched from document-service and"
echo "checked -> the same vendor calls (each step recorded in PostgreSQL) -> provider.accepted written with the"
echo "command id in one transaction -> outbox relay -> read back from signport.provider-events.v1. Target: < 5 ms at p50."
