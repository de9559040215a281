import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka admin helper for {@code ./signport}: readiness probe, idempotent topic creation from
 * {@code deploy/kafka/topics.txt}, and a topic listing. Kafka 4.4 has no {@code kafka-tools}
 * artifact on Maven Central, so this uses the AdminClient from {@code kafka-clients} directly.
 *
 * <pre>
 * java -cp 'libs/*' Topics.java [--bootstrap 127.0.0.1:59092] [--timeout 60] ping
 * java -cp 'libs/*' Topics.java [--bootstrap ...] [--timeout 60] ensure deploy/kafka/topics.txt
 * java -cp 'libs/*' Topics.java [--bootstrap ...] list
 * </pre>
 * Exit codes: 0 ok, 1 failure (broker unreachable within the timeout, bad topic file), 2 usage.
 */
public final class Topics {

    private record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    public static void main(String[] args) throws Exception {
        String bootstrap = System.getenv().getOrDefault("SIGNPORT_KAFKA_BOOTSTRAP",
                "127.0.0.1:" + System.getenv().getOrDefault("SIGNPORT_KAFKA_PORT", "59092"));
        long timeoutSeconds = 60;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = requireValue(args, ++i);
                case "--timeout" -> timeoutSeconds = Long.parseLong(requireValue(args, ++i));
                default -> rest.add(args[i]);
            }
        }
        if (rest.isEmpty()) {
            usage();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try (Admin admin = Admin.create(adminProperties(bootstrap))) {
            String command = rest.get(0);
            switch (command) {
                case "ping" -> {
                    String cluster = awaitCluster(admin, bootstrap, deadline);
                    System.out.println(cluster);
                }
                case "ensure" -> {
                    if (rest.size() != 2) {
                        usage();
                    }
                    List<TopicSpec> specs = parse(Path.of(rest.get(1)));
                    awaitCluster(admin, bootstrap, deadline);
                    ensure(admin, specs);
                }
                case "list" -> {
                    awaitCluster(admin, bootstrap, deadline);
                    list(admin);
                }
                default -> usage();
            }
        } catch (IllegalStateException | IOException e) {
            System.err.println("Topics: " + e.getMessage());
            System.exit(1);
        }
    }

    private static Properties adminProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "signport-topics");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return props;
    }

    /** Polls describeCluster until a broker answers or the deadline passes; returns a summary. */
    private static String awaitCluster(Admin admin, String bootstrap, long deadline) throws InterruptedException {
        Exception last = null;
        while (true) {
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMs <= 0) {
                throw new IllegalStateException("no Kafka broker answered at " + bootstrap
                        + (last == null ? "" : " (last error: " + rootMessage(last) + ")"));
            }
            try {
                DescribeClusterResult cluster = admin.describeCluster();
                long wait = Math.max(1, Math.min(remainingMs, 5000));
                String id = cluster.clusterId().get(wait, TimeUnit.MILLISECONDS);
                Collection<?> nodes = cluster.nodes().get(wait, TimeUnit.MILLISECONDS);
                if (!nodes.isEmpty()) {
                    return "cluster " + id + ", " + nodes.size() + " broker(s) at " + bootstrap;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            }
            Thread.sleep(Math.min(250, Math.max(1, remainingMs)));
        }
    }

    private static void ensure(Admin admin, List<TopicSpec> specs) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
        List<String> created = new ArrayList<>();
        if (!missing.isEmpty()) {
            List<NewTopic> newTopics = missing.stream()
                    .map(s -> new NewTopic(s.name(), s.partitions(), (short) 1).configs(s.configs()))
                    .toList();
            Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
            for (TopicSpec spec : missing) {
                try {
                    results.get(spec.name()).get();
                    created.add(spec.name());
                } catch (ExecutionException e) {
                    // Another process (a test producing to it, a concurrent `infra up`) was faster.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + spec.name() + ": " + rootMessage(e));
                    }
                }
            }
        }
        // Converge topics that already existed: grow partitions, re-apply the listed configs.
        List<String> changed = new ArrayList<>();
        List<TopicSpec> present = specs.stream().filter(s -> !created.contains(s.name())).toList();
        if (!present.isEmpty()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(
                    present.stream().map(TopicSpec::name).toList()).allTopicNames().get();
            Map<String, NewPartitions> grow = new HashMap<>();
            for (TopicSpec spec : present) {
                int actual = descriptions.get(spec.name()).partitions().size();
                if (actual < spec.partitions()) {
                    grow.put(spec.name(), NewPartitions.increaseTo(spec.partitions()));
                    changed.add(spec.name() + " partitions " + actual + "->" + spec.partitions());
                } else if (actual > spec.partitions()) {
                    System.err.println("warning: " + spec.name() + " has " + actual + " partitions, topics.txt says "
                            + spec.partitions() + " (Kafka cannot shrink; delete the topic to recreate it)");
                }
            }
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get();
            }
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
            List<ConfigResource> resources = present.stream().filter(s -> !s.configs().isEmpty())
                    .map(s -> new ConfigResource(ConfigResource.Type.TOPIC, s.name())).toList();
            if (!resources.isEmpty()) {
                Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get();
                for (TopicSpec spec : present) {
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                    List<AlterConfigOp> ops = new ArrayList<>();
                    spec.configs().forEach((key, value) -> {
                        ConfigEntry entry = current.containsKey(resource) ? current.get(resource).get(key) : null;
                        if (entry == null || !value.equals(entry.value())) {
                            ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                            changed.add(spec.name() + " " + key + "=" + value);
                        }
                    });
                    if (!ops.isEmpty()) {
                        alter.put(resource, ops);
                    }
                }
            }
            if (!alter.isEmpty()) {
                admin.incrementalAlterConfigs(alter).all().get();
            }
        }
        for (String name : created) {
            System.out.println("  created topic " + name);
        }
        for (String change : changed) {
            System.out.println("  updated topic " + change);
        }
        System.out.println("topics: " + specs.size() + " declared, " + created.size() + " created, "
                + changed.size() + " updated");
    }

    private static void list(Admin admin) throws Exception {
        Set<String> names = admin.listTopics().names().get();
        Map<String, TopicDescription> descriptions = new TreeMap<>(admin.describeTopics(names).allTopicNames().get());
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = resources.isEmpty() ? Map.of() : admin.describeConfigs(resources).all().get();
        for (TopicDescription d : descriptions.values()) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, d.name()));
            String overrides = config == null ? "" : config.entries().stream()
                    .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                    .map(e -> e.name() + "=" + e.value())
                    .sorted()
                    .collect(Collectors.joining(" "));
            System.out.printf("%-50s %3d partition(s)  %s%n", d.name(), d.partitions().size(), overrides);
        }
    }

    private static List<TopicSpec> parse(Path file) throws IOException {
        Map<String, TopicSpec> specs = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNumber++;
            String line = raw.replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || !parts[1].matches("[1-9][0-9]*")) {
                throw new IllegalStateException(file + ":" + lineNumber + ": expected '<name> <partitions> [key=value...]'");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (int i = 2; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalStateException(file + ":" + lineNumber + ": bad config '" + parts[i] + "', expected key=value");
                }
                configs.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            if (specs.put(parts[0], new TopicSpec(parts[0], Integer.parseInt(parts[1]), configs)) != null) {
                throw new IllegalStateException(file + ":" + lineNumber + ": topic " + parts[0] + " declared twice");
            }
        }
        return new ArrayList<>(specs.values());
    }

    private static String requireValue(String[] args, int i) {
        if (i >= args.length) {
            usage();
        }
        return args[i];
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static void usage() {
        System.err.println("usage: Topics [--bootstrap host:port] [--timeout seconds] ping | ensure <topics.txt> | list");
        System.exit(2);
    }

    private Topics() {}
}
