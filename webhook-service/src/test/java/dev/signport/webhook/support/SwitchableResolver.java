package dev.signport.webhook.support;

import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.delivery.HostResolver;
import io.quarkus.test.Mock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's resolver with answers a test can change while the service runs: what a DNS server under an
 * attacker's control does between the creation-time check and a delivery (DNS rebinding).
 */
@Mock
@Singleton
public class SwitchableResolver extends HostResolver {

    private static final Map<String, InetAddress> OVERRIDES = new ConcurrentHashMap<>();

    public SwitchableResolver(WebhookConfig config, Vertx vertx) {
        super(config, vertx);
    }

    public static void point(String host, String ip) {
        try {
            OVERRIDES.put(host.toLowerCase(Locale.ROOT), InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public Future<List<InetAddress>> resolve(String host) {
        InetAddress a = OVERRIDES.get(host.toLowerCase(Locale.ROOT));
        return a != null ? Future.succeededFuture(List.of(a)) : super.resolve(host);
    }
}
