package dev.signport.webhook.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private CA-less PKI for the https tests: a self-signed certificate for {@code receiver.test} (made with the
 * JDK's keytool), which https receivers present and which the service is told to trust
 * ({@code signport.webhooks.delivery.trust-pem}).
 */
public class TlsReceiverResource implements QuarkusTestResourceLifecycleManager {

    public static final char[] PASSWORD = "changeit".toCharArray();
    public static final Path DIR = Path.of("target", "tls");
    public static final Path KEYSTORE = DIR.resolve("receiver.p12");
    public static final Path CERTIFICATE = DIR.resolve("receiver.pem");

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            Files.deleteIfExists(KEYSTORE);
            Files.deleteIfExists(CERTIFICATE);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(List.of(keytool, "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=receiver.test", "-ext", "SAN=dns:receiver.test", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", KEYSTORE.toString(), "-storepass", new String(PASSWORD),
                    "-keypass", new String(PASSWORD)));
            run(List.of(keytool, "-exportcert", "-rfc", "-alias", "receiver", "-keystore", KEYSTORE.toString(),
                    "-storepass", new String(PASSWORD), "-file", CERTIFICATE.toString()));
            return Map.of("signport.webhooks.delivery.trust-pem", CERTIFICATE.toAbsolutePath().toString());
        } catch (Exception e) {
            throw new IllegalStateException("Could not make the test certificate", e);
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed: " + out);
        }
    }

    @Override
    public void stop() {
    }
}
