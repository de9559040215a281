package dev.signport.webhook.delivery;

import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.domain.AttemptResult;
import dev.signport.webhook.domain.RetrySchedule;
import dev.signport.webhook.domain.Signatures;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Makes one attempt: resolves and checks the address ({@link UrlGuard}), signs (Standard Webhooks), POSTs with
 * Vert.x's non-blocking client to exactly the checked address (the URL's host still goes into the Host header,
 * SNI and certificate verification), never follows a redirect, gives up after the timeout, and keeps at most
 * {@code response-body-limit} bytes of the answer. Never fails: every outcome is an {@link AttemptResult}.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String USER_AGENT = "Signport-Webhooks/1.0";
    /** Past this much response body the connection is dropped: nobody needs more than the first 4 KB. */
    private static final int MAX_READ = 1 << 20;

    /** What to send: the stored body and the keys that sign it (newest first). */
    public record Message(String url, String messageId, String body, List<byte[]> keys) {
    }

    private final Vertx vertx;
    private final UrlGuard guard;
    private final long timeoutMillis;
    private final long connectTimeoutMillis;
    private final int bodyLimit;
    private final HttpClient client;

    public WebhookSender(Vertx vertx, UrlGuard guard, WebhookConfig config) {
        this.vertx = vertx;
        this.guard = guard;
        WebhookConfig.Delivery d = config.delivery();
        this.timeoutMillis = d.timeout().toMillis();
        this.connectTimeoutMillis = Math.min(d.connectTimeout().toMillis(), timeoutMillis);
        this.bodyLimit = d.responseBodyLimit();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(30)
                // Pools are per destination address; our own per-endpoint cap bounds what one endpoint uses, and
                // several endpoints may share a host.
                .setMaxPoolSize(Math.max(64, d.perEndpointConcurrency() * 4))
                .setConnectTimeout((int) connectTimeoutMillis)
                .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setIdleTimeout((int) timeoutMillis)
                .setVerifyHost(true)
                .setForceSni(true)
                .setTryUseCompression(false)
                .setName("webhook-deliveries");
        d.trustPem().ifPresent(pem -> options.setTrustOptions(new PemTrustOptions().addCertPath(pem)));
        this.client = vertx.createHttpClient(options);
    }

    void stop(@Observes ShutdownEvent ignored) {
        client.close();
    }

    /** One attempt; completes on the caller's Vert.x context with whatever happened. */
    public Future<AttemptResult> send(Message message) {
        UrlGuard.Target target;
        try {
            target = guard.parse(message.url());
        } catch (RuntimeException e) {
            return Future.succeededFuture(AttemptResult.noResponse(Instant.now(), 0, "invalid URL"));
        }
        return guard.addressFor(target).transform(ar -> {
            if (ar.failed()) {
                String why = ar.cause() instanceof UrlGuard.BlockedAddress ? ar.cause().getMessage()
                        : "DNS: " + ar.cause().getClass().getSimpleName();
                return Future.succeededFuture(AttemptResult.noResponse(Instant.now(), 0, why));
            }
            return post(target, ar.result(), message);
        });
    }

    private Future<AttemptResult> post(UrlGuard.Target target, InetAddress address, Message message) {
        Instant at = Instant.now();
        long started = System.nanoTime();
        byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = at.getEpochSecond();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeoutMillis)
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT)
                .putHeader("webhook-id", message.messageId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", Signatures.header(message.keys(), message.messageId(), timestamp,
                        body));
        Promise<AttemptResult> promise = Promise.promise();
        Attempt attempt = new Attempt(promise, at, started);
        // One deadline for the whole attempt (connect, send, headers, body): a receiver that trickles its answer
        // byte by byte cannot hold a slot longer than this.
        attempt.timer = vertx.setTimer(timeoutMillis, t -> attempt.fail("timeout after " + timeoutMillis + " ms", true));
        client.request(options).onComplete(req -> {
            if (req.failed()) {
                attempt.fail(describe(req.cause()), false);
                return;
            }
            HttpClientRequest request = req.result();
            attempt.request = request;
            if (attempt.done) {
                request.reset();
                return;
            }
            request.exceptionHandler(e -> attempt.fail(describe(e), false));
            request.send(Buffer.buffer(body)).onComplete(resp -> {
                if (resp.failed()) {
                    attempt.fail(describe(resp.cause()), false);
                    return;
                }
                var response = resp.result();
                Buffer kept = Buffer.buffer();
                long[] read = {0};
                response.handler(chunk -> {
                    read[0] += chunk.length();
                    if (kept.length() < bodyLimit) {
                        kept.appendBuffer(chunk, 0, Math.min(chunk.length(), bodyLimit - kept.length()));
                    }
                    if (read[0] > MAX_READ) {
                        attempt.succeed(response.statusCode(), kept, response.getHeader("retry-after"));
                        request.reset();
                    }
                });
                response.exceptionHandler(e -> attempt.succeed(response.statusCode(), kept,
                        response.getHeader("retry-after")));
                response.endHandler(v -> attempt.succeed(response.statusCode(), kept,
                        response.getHeader("retry-after")));
            });
        });
        return promise.future();
    }

    /** The state of one attempt; everything runs on one event loop, so plain fields are enough. */
    private final class Attempt {
        final Promise<AttemptResult> promise;
        final Instant at;
        final long started;
        long timer;
        HttpClientRequest request;
        boolean done;

        Attempt(Promise<AttemptResult> promise, Instant at, long started) {
            this.promise = promise;
            this.at = at;
            this.started = started;
        }

        long latency() {
            return (System.nanoTime() - started) / 1_000_000;
        }

        void succeed(int status, Buffer body, String retryAfter) {
            if (done) {
                return;
            }
            done = true;
            vertx.cancelTimer(timer);
            Optional<java.time.Duration> pause = RetrySchedule.parseRetryAfter(retryAfter, Instant.now());
            String error = status >= 300 && status < 400 ? "redirect not followed (" + status + ")"
                    : status >= 200 && status < 300 ? null : "HTTP " + status;
            promise.complete(new AttemptResult(at, status, latency(), text(body), error, pause));
        }

        void fail(String error, boolean timedOut) {
            if (done) {
                return;
            }
            done = true;
            vertx.cancelTimer(timer);
            if (timedOut && request != null) {
                request.reset(0, new TimeoutException());
            }
            promise.complete(AttemptResult.noResponse(at, latency(), error));
        }
    }

    /** Response bytes as text PostgreSQL can store: malformed UTF-8 replaced, NULs dropped. */
    static String text(Buffer body) {
        if (body.length() == 0) {
            return null;
        }
        return new String(body.getBytes(), StandardCharsets.UTF_8).replace("\u0000", "");
    }

    /** A failure in a few words; never the URL (it may carry tokens). */
    static String describe(Throwable e) {
        if (e instanceof ConnectException || (e.getMessage() != null && e.getMessage().contains("Connection refused"))) {
            return "connection refused";
        }
        if (e instanceof javax.net.ssl.SSLException || e.getClass().getName().contains("Ssl")) {
            return "TLS: " + e.getClass().getSimpleName();
        }
        if (e instanceof io.netty.channel.ConnectTimeoutException || e instanceof TimeoutException) {
            return "connect timeout";
        }
        if (e instanceof io.vertx.core.http.HttpClosedException) {
            return "connection closed before the response";
        }
        return e.getClass().getSimpleName();
    }
}
