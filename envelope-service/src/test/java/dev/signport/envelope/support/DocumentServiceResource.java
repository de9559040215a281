package dev.signport.envelope.support;

import dev.signport.platform.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * The real document-service next to the envelope-service under test: uploads announce documents on Kafka, keys
 * created here must work there, and signed documents are streamed from it.
 */
public class DocumentServiceResource implements QuarkusTestResourceLifecycleManager {

    public static final String SERVICE_TOKEN = "envelope-test-service-token";
    private static volatile ServiceProcess process;

    @Override
    public Map<String, String> start() {
        process = ServiceProcess.start("document-service",
                Path.of("..", "document-service", "target", "quarkus-app", "quarkus-run.jar"),
                Map.of("SIGNPORT_DOCUMENT_DB_PASSWORD", "document", "SIGNPORT_SERVICE_TOKEN", SERVICE_TOKEN,
                        "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false", "QUARKUS_OTEL_TRACES_EXPORTER", "none"),
                "./mvnw -B package -pl document-service -am -DskipTests");
        return Map.of("signport.document-service.url", process.url(),
                "signport.internal.service-token", SERVICE_TOKEN);
    }

    public static String url() {
        return process.url();
    }

    @Override
    public void stop() {
        if (process != null) {
            process.close();
        }
    }
}
