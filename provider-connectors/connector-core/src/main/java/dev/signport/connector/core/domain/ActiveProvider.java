package dev.signport.connector.core.domain;

import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.resilience.VendorGuard;
import dev.signport.connector.core.resilience.VendorGuards;
import dev.signport.connector.core.spi.SignatureProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/**
 * The adapter this deployment serves ({@code signport.connector.provider}). Adapters are looked up only if
 * their {@code @LookupIfProperty} matches, so the other adapters' beans are never created; a name without
 * an adapter stops the service at boot.
 */
@ApplicationScoped
public class ActiveProvider {

    private final SignatureProvider provider;
    private final VendorGuard guard;

    public ActiveProvider(ConnectorConfig config, @Any Instance<SignatureProvider> adapters, VendorGuards guards) {
        List<SignatureProvider> matching = adapters.stream().filter(p -> p.name().equals(config.provider())).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("signport.connector.provider=" + config.provider() + " matches "
                    + matching.size() + " adapters; this image has: " + adapters.stream().map(SignatureProvider::name).toList());
        }
        this.provider = matching.get(0);
        this.guard = guards.of(provider.name());
    }

    void atBoot(@Observes StartupEvent ignored) {
        // Resolve at boot, not at the first command, so a misconfigured deployment never becomes ready.
    }

    public SignatureProvider get() {
        return provider;
    }

    public String name() {
        return provider.name();
    }

    public VendorGuard guard() {
        return guard;
    }
}
