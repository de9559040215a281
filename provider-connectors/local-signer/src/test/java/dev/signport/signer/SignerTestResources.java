package dev.signport.signer;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.signport.pades.LocalPki;
import dev.signport.pades.TimestampAuthority;
import dev.signport.platform.testing.ServiceProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real parts around the signer under test: a document-service (its packaged jar), an SMTP server with readable
 * mailboxes (GreenMail), the sandbox RFC 3161 timestamp authority under a local CA generated for this run, and the
 * signer's keys under the same CA (as the local stack does).
 */
public class SignerTestResources implements QuarkusTestResourceLifecycleManager {

    static final String SERVICE_TOKEN = "local-signer-test-service-token";
    static final char[] PKI_PASSWORD = "test-pki".toCharArray();

    static GreenMail mail;
    static LocalPki pki;
    static String documentServiceUrl;
    static String signerUrl;
    static Path smsOutbox;

    private TimestampAuthority tsa;
    private ServiceProcess documentService;

    @Override
    public Map<String, String> start() {
        Path root = root();
        Map<String, String> config = new HashMap<>();
        try {
            Path pkiDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pki");
            pki = LocalPki.loadOrCreate(pkiDir, PKI_PASSWORD);
            tsa = new TimestampAuthority(pki.tsa());
            tsa.start(0);
            smsOutbox = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sms");

            int smtpPort = ServiceProcess.freePort();
            mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();

            documentService = ServiceProcess.start("document-service",
                    root.resolve("document-service/target/quarkus-app/quarkus-run.jar"),
                    Map.of("SIGNPORT_SERVICE_TOKEN", SERVICE_TOKEN,
                            "MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_GROUP_ID", "document-service-signer-tests",
                            "MP_MESSAGING_INCOMING_ENVELOPE_EVENTS_AUTO_OFFSET_RESET", "latest",
                            "SIGNPORT_DOCUMENTS_SPOOL_DIR", Path.of("target", "document-spool").toAbsolutePath().toString(),
                            "QUARKUS_OTEL_SDK_DISABLED", "true",
                            "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"),
                    "./mvnw -pl document-service package -DskipTests", Duration.ofSeconds(90));
            documentServiceUrl = documentService.url();

            int port = ServiceProcess.freePort();
            signerUrl = "http://127.0.0.1:" + port;
            config.put("quarkus.http.test-port", Integer.toString(port));
            config.put("signport.connector.callback-base-url", signerUrl);
            config.put("signport.signer.public-url", signerUrl);
            config.put("signport.connector.document-service.url", documentServiceUrl);
            config.put("signport.internal.service-token", SERVICE_TOKEN);
            config.put("signport.signer.keys.pki-dir", pkiDir.toString());
            config.put("signport.signer.keys.password", new String(PKI_PASSWORD));
            config.put("signport.signer.tsa-url", tsa.url().toString());
            config.put("signport.signer.sms.outbox-dir", smsOutbox.toString());
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", Integer.toString(smtpPort));
            // Its own consumer group: never takes local commands from a running stack.
            config.put("mp.messaging.incoming.provider-commands.group.id", "connector-local-tests");
            return config;
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the signer's test resources: " + e, e);
        }
    }

    @Override
    public void stop() {
        if (documentService != null) {
            documentService.close();
            documentService = null;
        }
        if (mail != null) {
            mail.stop();
        }
        if (tsa != null) {
            tsa.stop();
        }
    }

    private static Path root() {
        String configured = System.getProperty("signport.root");
        Path p = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("document-service")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root");
        }
        return p;
    }
}
