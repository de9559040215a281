package dev.signport.simulators.common;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Sends the vendors' outbound callbacks in the background: the vendor API answer never waits for
 * them. A failed attempt (non-2xx, timeout, refused) is retried {@code sim.callbacks.retries} times
 * {@code sim.callbacks.retry-delay} apart; callback faults (drop, duplicate) are applied here.
 */
@ApplicationScoped
public class CallbackSender implements Resettable {

    private static final Logger LOG = Logger.getLogger(CallbackSender.class);

    /** One callback: where, which headers, the exact body bytes (signatures are computed over them). */
    public record Callback(URI url, Map<String, String> headers, byte[] body) {
    }

    /** What the vendor does once it knows how the delivery ended. */
    public interface Outcome {
        void gaveUp();
    }

    private final FaultRegistry faults;
    private final SimConfig.Callbacks config;
    // Both pools are small and bounded: the work is asynchronous I/O, nothing here blocks a thread.
    private final ExecutorService httpExecutor = Executors.newFixedThreadPool(2, daemon("sim-callback-http"));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("sim-callback-retry"));
    private final HttpClient client;
    /** Bumped by a reset so retries scheduled before it do not reach the next test's receivers. */
    private final AtomicLong generation = new AtomicLong();

    public CallbackSender(FaultRegistry faults, SimConfig config) {
        this.faults = faults;
        this.config = config.callbacks();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(this.config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect is a failed delivery, as for real senders
                .executor(httpExecutor)
                .build();
    }

    /** Queues the callback (after applying callback faults); returns at once. */
    public void send(Vendor vendor, Callback callback, Outcome outcome) {
        if (faults.fire(vendor, Fault.CALLBACK, FaultKind.DROP_CALLBACK).isPresent()) {
            LOG.infof("%s callback to %s dropped by an injected fault", vendor.key(), safe(callback.url()));
            return;
        }
        int copies = faults.fire(vendor, Fault.CALLBACK, FaultKind.DUPLICATE_CALLBACK).isPresent() ? 2 : 1;
        long gen = generation.get();
        for (int i = 0; i < copies; i++) {
            attempt(vendor, callback, outcome, 0, gen);
        }
    }

    private void attempt(Vendor vendor, Callback callback, Outcome outcome, int attempt, long gen) {
        if (generation.get() != gen) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(callback.url())
                .timeout(config.timeout())
                .header("User-Agent", vendor.key() + "-simulator")
                .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()));
        callback.headers().forEach(request::header);
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                return;
            }
            String why = error != null ? error.getClass().getSimpleName() : "HTTP " + response.statusCode();
            if (attempt < config.retries()) {
                LOG.debugf("%s callback to %s failed (%s), attempt %d; retrying", vendor.key(), safe(callback.url()),
                        why, attempt + 1);
                retries.schedule(() -> attempt(vendor, callback, outcome, attempt + 1, gen),
                        config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
            } else if (generation.get() == gen) {
                LOG.infof("%s callback to %s failed (%s) after %d attempts; giving up", vendor.key(),
                        safe(callback.url()), why, attempt + 1);
                outcome.gaveUp();
            }
        });
    }

    @Override
    public void reset() {
        generation.incrementAndGet();
    }

    void shutdown(@Observes ShutdownEvent ignored) {
        retries.shutdownNow();
        httpExecutor.shutdownNow();
    }

    /** Callback URLs carry the receiver's unguessable token: log where they go, never the path. */
    private static String safe(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
