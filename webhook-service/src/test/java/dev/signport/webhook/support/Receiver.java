package dev.signport.webhook.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real webhook receiver on 127.0.0.1 (reached by the service as {@code receiver.test}, the one name the test
 * profile allows), recording every request and answering as the test says: a status, headers and body, or not
 * at all (hang until closed). It can be stopped (connection refused) and started again on the same port.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received; header names lower-cased; {@code sni} the TLS server name asked for, if any. */
    public record Request(int index, String path, Map<String, List<String>> headers, String body, Instant at,
            long nanos, String sni) {

        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String messageId() {
            return header("webhook-id");
        }

        public JsonNode json() {
            try {
                return Env.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** How to answer; {@link #HANG} never answers. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static final Reply OK = new Reply(200, Map.of(), "ok");
        public static final Reply HANG = new Reply(-1, Map.of(), null);

        public static Reply status(int status) {
            return new Reply(status, Map.of(), "");
        }

        public static Reply status(int status, String header, String value) {
            return new Reply(status, Map.of(header, value), "");
        }
    }

    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile Function<Request, Reply> behaviour = r -> Reply.OK;
    private HttpServer server;
    private final javax.net.ssl.SSLContext tls;

    private Receiver(javax.net.ssl.SSLContext tls) {
        this.tls = tls;
    }

    public static Receiver start() {
        Receiver r = new Receiver(null);
        r.bind(0);
        return r;
    }

    /** An https receiver presenting the certificate of {@code keystore} (PKCS#12). */
    public static Receiver startTls(java.nio.file.Path keystore, char[] password) {
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
                ks.load(in, password);
            }
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            Receiver r = new Receiver(ctx);
            r.bind(0);
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void bind(int p) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
            if (tls == null) {
                server = HttpServer.create(address, 200);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 200);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL the service gets: the allowed test name, this port, a path. */
    public String url() {
        return (tls == null ? "http" : "https") + "://receiver.test:" + port() + "/hooks/signport";
    }

    public Receiver respond(Function<Request, Reply> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** Connection refused from now on (the port stays ours: {@link #up()} binds it again). */
    public synchronized void down() {
        server.stop(0);
    }

    public synchronized void up() {
        int p = server.getAddress().getPort();
        bind(p);
    }

    private void handle(HttpExchange exchange) throws IOException {
        open.incrementAndGet();
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String sni = null;
            if (exchange instanceof com.sun.net.httpserver.HttpsExchange https
                    && https.getSSLSession() instanceof javax.net.ssl.ExtendedSSLSession session) {
                sni = session.getRequestedServerNames().stream()
                        .filter(n -> n instanceof javax.net.ssl.SNIHostName)
                        .map(n -> ((javax.net.ssl.SNIHostName) n).getAsciiName()).findFirst().orElse(null);
            }
            Request request;
            synchronized (requests) {
                request = new Request(requests.size(), exchange.getRequestURI().toString(), headers, body,
                        Instant.now(), System.nanoTime(), sni);
                requests.add(request);
            }
            Reply reply = behaviour.apply(request);
            if (reply.status() < 0) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } finally {
            open.decrementAndGet();
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public int count() {
        synchronized (requests) {
            return requests.size();
        }
    }

    /** Requests being handled right now (a hanging receiver holds them). */
    public int open() {
        return open.get();
    }

    public Set<String> messageIds() {
        Set<String> ids = new LinkedHashSet<>();
        requests().forEach(r -> ids.add(r.messageId()));
        return ids;
    }

    /** The requests of one message (all attempts of one delivery), in arrival order. */
    public List<Request> attemptsOf(String messageId) {
        return requests().stream().filter(r -> messageId.equals(r.messageId())).toList();
    }

    /** The requests whose body has {@code data.envelopeId} equal to {@code envelopeId}. */
    public List<Request> forEnvelope(String envelopeId) {
        return requests().stream().filter(r -> envelopeId.equals(r.json().path("data").path("envelopeId").asText()))
                .toList();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
