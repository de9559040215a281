package dev.signport.webhook.delivery;

import dev.signport.webhook.config.WebhookConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Turns a webhook URL's host into the addresses {@link UrlGuard} checks and the sender then connects to (never
 * the name again, so a DNS answer that changes between check and connect cannot redirect a delivery). IP
 * literals are parsed without DNS; names go first to the fixed answers of
 * {@code signport.webhooks.resolver.hosts.*}, then to a short cache, then to the JVM's resolver on a small
 * dedicated worker pool (the lookup blocks; the event loop never does).
 */
@Singleton
public class HostResolver {

    private static final int DNS_THREADS = 4;
    private static final int CACHE_MAX = 10_000;

    private record Cached(List<InetAddress> addresses, long expiresAtNanos) {
    }

    private final Map<String, List<InetAddress>> fixed;
    private final long cacheTtlNanos;
    private final Vertx vertx;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile WorkerExecutor dns;

    public HostResolver(WebhookConfig config, Vertx vertx) {
        this.vertx = vertx;
        this.cacheTtlNanos = config.resolver().cacheTtl().toNanos();
        Map<String, List<InetAddress>> f = new HashMap<>();
        config.resolver().hosts().forEach((host, ip) -> {
            try {
                f.put(host.toLowerCase(Locale.ROOT), List.of(AddressPolicy.literal(ip.strip())));
            } catch (UnknownHostException | RuntimeException e) {
                throw new IllegalStateException("signport.webhooks.resolver.hosts." + host + " is not an IP address");
            }
        });
        this.fixed = Map.copyOf(f);
    }

    void stop(@Observes ShutdownEvent ignored) {
        WorkerExecutor d = dns;
        if (d != null) {
            d.close();
        }
    }

    /** The addresses of {@code host}; completes on the caller's Vert.x context. */
    public Future<List<InetAddress>> resolve(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (AddressPolicy.looksLikeIp(h)) {
            try {
                return Future.succeededFuture(List.of(AddressPolicy.literal(h)));
            } catch (UnknownHostException e) {
                return Future.failedFuture(new UnknownHostException("not an IP address: " + host));
            }
        }
        List<InetAddress> pinned = fixed.get(h);
        if (pinned != null) {
            return Future.succeededFuture(pinned);
        }
        Cached c = cache.get(h);
        if (c != null && c.expiresAtNanos() - System.nanoTime() > 0) {
            return Future.succeededFuture(c.addresses());
        }
        return executor().executeBlocking(() -> {
            List<InetAddress> found = List.of(InetAddress.getAllByName(h));
            if (cache.size() >= CACHE_MAX) {
                cache.clear();
            }
            cache.put(h, new Cached(found, System.nanoTime() + cacheTtlNanos));
            return found;
        }, false);
    }

    private WorkerExecutor executor() {
        WorkerExecutor d = dns;
        if (d == null) {
            synchronized (this) {
                if (dns == null) {
                    dns = vertx.createSharedWorkerExecutor("webhook-dns", DNS_THREADS, 10, TimeUnit.SECONDS);
                }
                d = dns;
            }
        }
        return d;
    }
}
