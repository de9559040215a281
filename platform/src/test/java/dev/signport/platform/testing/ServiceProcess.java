package dev.signport.platform.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Another of Signport's services (or a simulator), started from its built jar as a separate JVM for a test that
 * needs the real thing next to the application under test: on a free port, ready when its readiness probe says so,
 * stopped when closed. Its output goes to {@code target/<name>.log} of the calling module.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;

    private ServiceProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code jar} with {@code env} (plus {@code PORT}) and waits up to 60 s for {@code /q/health/ready}.
     *
     * @param jar  for example {@code ../document-service/target/quarkus-app/quarkus-run.jar}
     * @param hint the command that builds the jar, for the error when it is missing
     */
    public static ServiceProcess start(String name, Path jar, Map<String, String> env, String hint) {
        return start(name, jar, env, hint, Duration.ofSeconds(60));
    }

    /** As {@link #start(String, Path, Map, String)}, waiting up to {@code readyWithin} (a busy machine boots slowly). */
    public static ServiceProcess start(String name, Path jar, Map<String, String> env, String hint,
            Duration readyWithin) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath().normalize() + " is missing: build it first with `"
                    + hint + "` (the full `./signport test` builds every module in order)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + ".log").toAbsolutePath().toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name, e);
        }
        ServiceProcess service = new ServiceProcess(name, process, port);
        service.awaitReady(readyWithin);
        return service;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see target/" + name
                        + ".log");
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/q/health/ready").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see target/"
                + name + ".log");
    }

    /** A TCP port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
