package dev.signport.document.store;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the S3 storage tests: S3Proxy over a local directory, run from
 * its self-contained jar in a child JVM so that its Jetty and jclouds never share a classpath with
 * Quarkus. The jar is put in {@code target/s3proxy} by the build (maven-dependency-plugin).
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "signport-test";
    public static final String SECRET_KEY = "signport-test-secret";
    public static final String BUCKET = "signport-test-documents";

    private Process process;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Proxy jar missing at " + jar + ": run the Maven build");
            }
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            dir = Files.createDirectories(Path.of("target", "s3proxy-data-" + port)).toAbsolutePath();
            Files.createDirectories(dir.resolve("blobs"));
            Path conf = dir.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                    ""));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(List.of(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar",
                    jar.toAbsolutePath().toString(), "--properties", conf.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
            awaitPort(port);
            return Map.of(
                    "signport.documents.storage", "s3",
                    "signport.documents.s3.endpoint", "http://127.0.0.1:" + port,
                    "signport.documents.s3.access-key-id", ACCESS_KEY,
                    "signport.documents.s3.secret-access-key", SECRET_KEY,
                    "signport.documents.s3.bucket", BUCKET,
                    "signport.documents.s3.create-bucket", "true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPort(int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on " + port + " within 60 s; see " + dir);
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (dir != null) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // under target/: the next clean removes it
            }
        }
    }
}
