import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCapabilities;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Helpers of deploy/bench/envelope-throughput.sh, run with envelope-service's libraries on the class path:
 * {@code java -cp 'envelope-service/target/quarkus-app/lib/main/*' deploy/bench/EnvelopeBench.java <command> ...}
 *
 * <ul>
 * <li>{@code capabilities <bootstrap>}: announces the provider {@code local} on the compacted
 * signport.provider-capabilities.v1 (what a connector does at start-up), so that sends are not refused with 422.</li>
 * <li>{@code paced <baseUrl> <apiKey> <documentId> <rate/s> <warmupSeconds> <seconds>}: POST /api/v1/envelopes at a
 * fixed rate (open model, like wrk2: a request is issued on schedule whether or not earlier ones completed, and its
 * latency counts from its scheduled time, so a stall is not hidden by coordinated omission). JDK HttpClient, a fresh
 * Idempotency-Key per request. Prints {@code BENCH key=value} lines.</li>
 * <li>{@code send-latency <baseUrl> <apiKey> <documentId> <bootstrap> <tenant> <count> <parallel> <warmup>}: creates
 * drafts, then measures POST /api/v1/envelopes/{id}/send?wait=0 (no Idempotency-Key) until the envelope.sent record of
 * that envelope is read from signport.envelope-events.v1, once one at a time and once with {@code parallel} senders.
 * Each row also splits the time at the responder: send until the command reached it, and from there to
 * envelope.sent. The provider side
 * is a built-in auto-accepting responder: it reads command.send_envelope of this tenant from
 * signport.provider.local.commands.v1 and at once publishes provider.accepted (CloudEvents headers, a signUrl per
 * recipient) on signport.provider-events.v1. Commands of other tenants are left alone.</li>
 * </ul>
 */
public class EnvelopeBench {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: EnvelopeBench capabilities|paced|send-latency ...");
        }
        switch (args[0]) {
            case "capabilities" -> capabilities(args[1]);
            case "paced" -> paced(args[1], args[2], args[3], Double.parseDouble(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            case "send-latency" -> sendLatency(args[1], args[2], args[3], args[4], args[5], Integer.parseInt(args[6]),
                    Integer.parseInt(args[7]), Integer.parseInt(args[8]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0);
    }

    // --- capabilities ------------------------------------------------------------------------------

    static void capabilities(String bootstrap) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ProviderCapabilities caps = new ProviderCapabilities("local", List.of(SignatureLevel.SES, SignatureLevel.AES),
                true, true, true, true, true, List.of(FieldType.values()), 50_000_000, true, null, null, now);
        RecordHeaders h = new RecordHeaders();
        header(h, CloudEventHeaders.CE_ID, UUID.randomUUID().toString());
        header(h, CloudEventHeaders.CE_SOURCE, "/signport/connectors/local");
        header(h, CloudEventHeaders.CE_TYPE, ProviderCapabilities.TYPE);
        header(h, CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
        header(h, CloudEventHeaders.CE_TIME, now.toString());
        header(h, CloudEventHeaders.CE_SUBJECT, "local");
        header(h, CloudEventHeaders.CE_PARTITIONKEY, "local");
        header(h, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(Topics.PROVIDER_CAPABILITIES, null, "local",
                    MAPPER.writeValueAsString(caps), h)).get();
        }
        OUT.println(now);
    }

    // --- fixed-rate load -----------------------------------------------------------------------------

    static void paced(String base, String key, String documentId, double rate, int warmupSeconds, int seconds)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();
        String body = createBody(documentId);
        String prefix = "paced-" + UUID.randomUUID() + "-";
        AtomicLong seq = new AtomicLong();
        if (warmupSeconds > 0) {
            runPaced(client, base, key, body, prefix, seq, rate, warmupSeconds);
        }
        Phase p = runPaced(client, base, key, body, prefix, seq, rate, seconds);
        long[] lat = Arrays.copyOf(p.latencies, p.done.get());
        long[] svc = Arrays.copyOf(p.serviceTimes, p.done.get());
        Arrays.sort(lat);
        Arrays.sort(svc);
        StringBuilder statuses = new StringBuilder();
        p.statuses.forEach((code, n) -> statuses.append(' ').append("status_").append(code).append('=').append(n));
        OUT.printf("BENCH target_rate=%.1f achieved_rate=%.1f issued=%d completed=%d errors=%d late_starts=%d%s%n",
                rate, p.issued / (double) seconds, p.issued, lat.length, p.errors.get(), p.lateStarts, statuses);
        OUT.printf("BENCH p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d svc_p50_us=%d svc_p99_us=%d%n",
                pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 99.9), lat.length == 0 ? 0 : lat[lat.length - 1],
                pct(svc, 50), pct(svc, 99));
    }

    static final class Phase {
        long[] latencies;
        long[] serviceTimes;
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long issued;
        long lateStarts;
    }

    static Phase runPaced(HttpClient client, String base, String key, String body, String prefix, AtomicLong seq,
            double rate, int seconds) throws InterruptedException {
        Phase p = new Phase();
        int max = (int) Math.ceil(rate * seconds) + 16;
        p.latencies = new long[max];
        p.serviceTimes = new long[max];
        long interval = Math.round(1e9 / rate);
        long start = System.nanoTime() + 10_000_000;
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch outstanding = new CountDownLatch(1);
        AtomicInteger inFlight = new AtomicInteger(1);
        URI uri = URI.create(base + "/api/v1/envelopes");
        for (long i = 0; ; i++) {
            long scheduled = start + i * interval;
            if (scheduled - end >= 0) {
                break;
            }
            long now;
            while ((now = System.nanoTime()) - scheduled < 0) {
                LockSupport.parkNanos(scheduled - now);
            }
            if (now - scheduled > 1_000_000) {
                p.lateStarts++; // the generator itself fell more than 1 ms behind (counted in the latency anyway)
            }
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Idempotency-Key", prefix + seq.incrementAndGet())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            p.issued++;
            inFlight.incrementAndGet();
            long sentAt = System.nanoTime();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long finished = System.nanoTime();
                if (error != null) {
                    p.errors.incrementAndGet();
                } else {
                    p.statuses.computeIfAbsent(response.statusCode(), c -> new AtomicInteger()).incrementAndGet();
                    int slot = p.done.getAndIncrement();
                    p.latencies[slot] = (finished - scheduled) / 1000;
                    p.serviceTimes[slot] = (finished - sentAt) / 1000;
                }
                if (inFlight.decrementAndGet() == 0) {
                    outstanding.countDown();
                }
            });
        }
        if (inFlight.decrementAndGet() == 0) {
            outstanding.countDown();
        }
        outstanding.await(30, TimeUnit.SECONDS);
        return p;
    }

    // --- send -> envelope.sent ----------------------------------------------------------------------

    static void sendLatency(String base, String key, String documentId, String bootstrap, String tenant, int count,
            int parallel, int warmup) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Long> commandSeen = new ConcurrentHashMap<>();
        Map<String, long[]> sentSeen = new ConcurrentHashMap<>(); // envelope id -> {arrival nanos, record timestamp ms}
        AtomicLong responderErrors = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(2);
        Thread responder = daemon("local-responder", () -> respond(bootstrap, tenant, commandSeen, accepted,
                responderErrors, ready));
        Thread watcher = daemon("envelope-events", () -> watch(bootstrap, sentSeen, ready));
        responder.start();
        watcher.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Kafka consumers not ready within 60 s");
        }
        int total = warmup + 2 * count;
        List<String> drafts = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/envelopes"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "send-bench-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(createBody(documentId))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.body());
            }
            drafts.add(MAPPER.readTree(r.body()).get("id").asText());
        }
        Results warm = new Results("warm-up");
        runSends(client, base, key, drafts.subList(0, warmup), 1, commandSeen, sentSeen, warm);
        Results seq = new Results("sequential");
        runSends(client, base, key, drafts.subList(warmup, warmup + count), 1, commandSeen, sentSeen, seq);
        Results par = new Results("parallel" + parallel);
        runSends(client, base, key, drafts.subList(warmup + count, total), parallel, commandSeen, sentSeen, par);
        OUT.printf("BENCH responder=built-in accepted=%d responder_errors=%d warmup=%d warmup_timeouts=%d%n",
                accepted.get(), responderErrors.get(), warmup, warm.timeouts.get());
        for (Results r : List.of(seq, par)) {
            r.print();
        }
    }

    static final class Results {
        final String name;
        final List<long[]> rows = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger timeouts = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long wallNanos;

        Results(String name) {
            this.name = name;
        }

        void print() {
            int n = rows.size();
            long[] total = new long[n];
            long[] http = new long[n];
            long[] toCommand = new long[n];
            long[] fromCommand = new long[n];
            long[] toRecordTs = new long[n];
            for (int i = 0; i < n; i++) {
                long[] r = rows.get(i);
                total[i] = r[0];
                http[i] = r[1];
                toCommand[i] = r[2];
                fromCommand[i] = r[3];
                toRecordTs[i] = r[4];
            }
            for (long[] a : List.of(total, http, toCommand, fromCommand, toRecordTs)) {
                Arrays.sort(a);
            }
            StringBuilder statusText = new StringBuilder();
            new TreeMap<>(statuses).forEach((c, k) -> statusText.append(" status_").append(c).append('=').append(k));
            OUT.printf("BENCH phase=%s measured=%d timeouts=%d per_s=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d"
                            + " http_p50_us=%d http_p99_us=%d cmd_p50_us=%d cmd_p99_us=%d back_p50_us=%d back_p99_us=%d"
                            + " ts_p50_us=%d ts_p99_us=%d%s%n",
                    name, n, timeouts.get(), n * 1e9 / Math.max(1, wallNanos), pct(total, 50), pct(total, 90),
                    pct(total, 99), n == 0 ? 0 : total[n - 1], pct(http, 50), pct(http, 99), pct(toCommand, 50),
                    pct(toCommand, 99), pct(fromCommand, 50), pct(fromCommand, 99), pct(toRecordTs, 50),
                    pct(toRecordTs, 99), statusText);
        }
    }

    static void runSends(HttpClient client, String base, String key, List<String> ids, int parallel,
            Map<String, Long> commandSeen, Map<String, long[]> sentSeen, Results results) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long begin = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < parallel; w++) {
            futures.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < ids.size(); ) {
                    String id = ids.get(i);
                    long wall0 = System.currentTimeMillis();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                                    URI.create(base + "/api/v1/envelopes/" + id + "/send?wait=0"))
                            .header("Authorization", "Bearer " + key)
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    long t1 = System.nanoTime();
                    results.statuses.computeIfAbsent(r.statusCode(), c -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() != 200 && r.statusCode() != 202) {
                        System.err.println("send " + id + " answered " + r.statusCode() + ": " + r.body());
                        continue;
                    }
                    long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
                    long[] seen;
                    while ((seen = sentSeen.get(id)) == null && System.nanoTime() - deadline < 0) {
                        LockSupport.parkNanos(100_000);
                    }
                    if (seen == null) {
                        results.timeouts.incrementAndGet();
                        continue;
                    }
                    Long cmd = commandSeen.get(id);
                    results.rows.add(new long[] {(seen[0] - t0) / 1000, (t1 - t0) / 1000,
                            cmd == null ? 0 : (cmd - t0) / 1000, cmd == null ? 0 : (seen[0] - cmd) / 1000,
                            (seen[1] - wall0) * 1000});
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        results.wallNanos = System.nanoTime() - begin;
        pool.shutdown();
    }

    /** The auto-accepting stand-in for the local provider. */
    static void respond(String bootstrap, String tenant, Map<String, Long> commandSeen, AtomicLong accepted,
            AtomicLong errors, CountDownLatch ready) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap);
                KafkaProducer<String, String> producer = producer(bootstrap)) {
            assignAtEnd(consumer, Topics.providerCommands("local"));
            ready.countDown();
            while (true) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    try {
                        JsonNode cmd = MAPPER.readTree(rec.value());
                        if (!"command.send_envelope".equals(cmd.path("type").asText())
                                || !tenant.equals(cmd.path("tenantId").asText())) {
                            continue; // not ours: another tenant's (e.g. a test's) command
                        }
                        String envelopeId = cmd.get("envelopeId").asText();
                        commandSeen.putIfAbsent(envelopeId, now);
                        Instant at = Instant.now();
                        List<ProviderAccepted.SignUrl> urls = new ArrayList<>();
                        for (JsonNode r : cmd.path("recipients")) {
                            String rid = r.get("recipientId").asText();
                            urls.add(new ProviderAccepted.SignUrl(rid, "https://local.invalid/sign/" + rid, null));
                        }
                        ProviderAccepted event = new ProviderAccepted(envelopeId, tenant, "local",
                                "local_" + envelopeId, cmd.path("commandId").asText(null), at, urls);
                        RecordHeaders h = new RecordHeaders();
                        header(h, CloudEventHeaders.CE_ID, UUID.randomUUID().toString());
                        header(h, CloudEventHeaders.CE_SOURCE, "/signport/connectors/local");
                        header(h, CloudEventHeaders.CE_TYPE, ProviderAccepted.TYPE);
                        header(h, CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
                        header(h, CloudEventHeaders.CE_TIME, at.toString());
                        header(h, CloudEventHeaders.CE_SUBJECT, envelopeId);
                        header(h, CloudEventHeaders.CE_TENANTID, tenant);
                        header(h, CloudEventHeaders.CE_PARTITIONKEY, envelopeId);
                        header(h, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
                        producer.send(new ProducerRecord<>(Topics.PROVIDER_EVENTS, null, envelopeId,
                                MAPPER.writeValueAsString(event), h), (md, e) -> {
                                    if (e != null) {
                                        errors.incrementAndGet();
                                    }
                                });
                        accepted.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        System.err.println("responder: " + e);
                    }
                }
            }
        }
    }

    /** Notes when each envelope's envelope.sent arrives (any tenant's records are read; only ours are awaited). */
    static void watch(String bootstrap, Map<String, long[]> sentSeen, CountDownLatch ready) {
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            assignAtEnd(consumer, Topics.ENVELOPE_EVENTS);
            ready.countDown();
            while (true) {
                for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Header type = rec.headers().lastHeader(CloudEventHeaders.CE_TYPE);
                    if (type != null && "envelope.sent".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        sentSeen.putIfAbsent(rec.key(), new long[] {now, rec.timestamp()});
                    }
                }
            }
        }
    }

    // --- plumbing ------------------------------------------------------------------------------------

    static String createBody(String documentId) {
        return """
                {"subject":"Contrat de prestation","documentIds":["%s"],\
                "recipients":[{"email":"client@example.com","name":"Marie Dubois","role":"SIGNER"}]}"""
                .formatted(documentId);
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static void header(RecordHeaders h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        return new KafkaConsumer<>(p);
    }

    /** No consumer group: every partition, from its current end (positions resolved before returning). */
    static void assignAtEnd(KafkaConsumer<String, String> consumer, String topic) {
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
    }
}
