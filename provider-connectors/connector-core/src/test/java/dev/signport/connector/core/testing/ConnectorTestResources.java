package dev.signport.connector.core.testing;

import dev.signport.platform.testing.ServiceProcess;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The processes around a connector under test, real ones: the vendor simulators and a document-service,
 * each started from its packaged jar (built by the Maven reactor before connector-service), against the
 * PostgreSQL and Kafka of {@code ./signport infra up}. Hands the connector their URLs, a fixed HTTP port
 * (vendors must know the callback base URL before it starts) and a service token shared with
 * document-service.
 */
public class ConnectorTestResources implements QuarkusTestResourceLifecycleManager {

    /** What document-service and the connector under test share for {@code /internal/} routes. */
    public static final String SERVICE_TOKEN = "connector-test-service-token";

    private ServiceProcess simulators;
    private ServiceProcess documentService;

    @Override
    public Map<String, String> start() {
        Path root = root();
        Map<String, String> config = new HashMap<>();
        try {
            simulators = ServiceProcess.start("vendor-simulators",
                    root.resolve("provider-connectors/vendor-simulators/target/quarkus-app/quarkus-run.jar"),
                    Map.of("QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "WARN"),
                    "./mvnw -pl provider-connectors/vendor-simulators package -DskipTests", Duration.ofSeconds(60));
            documentService = ServiceProcess.start("document-service",
                    root.resolve("document-service/target/quarkus-app/quarkus-run.jar"),
                    Map.of("SIGNPORT_SERVICE_TOKEN", SERVICE_TOKEN,
                            // Its own consumer group: never takes partitions from a real document-service.
                            "MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_GROUP_ID", "document-service-connector-tests",
                            // Only what happens from now on matters to these tests.
                            "MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_AUTO_OFFSET_RESET", "latest",
                            "SIGNPORT_DOCUMENTS_SPOOL_DIR", Path.of("target", "document-spool").toAbsolutePath().toString(),
                            "QUARKUS_OTEL_SDK_DISABLED", "true",
                            "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"),
                    "./mvnw -pl document-service package -DskipTests", Duration.ofSeconds(90));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        int connectorPort = ServiceProcess.freePort();
        config.put("quarkus.http.test-port", Integer.toString(connectorPort));
        config.put("signport.connector.callback-base-url", "http://127.0.0.1:" + connectorPort);
        config.put("signport.connector.document-service.url", documentService.url());
        config.put("signport.internal.service-token", SERVICE_TOKEN);
        config.put("signport.test.simulators.url", simulators.url());
        config.put("signport.test.document-service.url", documentService.url());
        for (String vendor : new String[] {"certyneo", "okdokument"}) {
            config.put("signport.connector." + vendor + ".base-url", simulators.url() + "/" + vendor);
        }
        return config;
    }

    @Override
    public void stop() {
        if (documentService != null) {
            documentService.close();
            documentService = null;
        }
        if (simulators != null) {
            simulators.close();
            simulators = null;
        }
    }

    /** The repository root: {@code signport.root} (set by Maven), else the nearest parent holding {@code mvnw}. */
    static Path root() {
        String configured = System.getProperty("signport.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("document-service"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the repository root; set -Dsignport.root");
    }
}
