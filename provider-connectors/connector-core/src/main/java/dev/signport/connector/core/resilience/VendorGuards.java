package dev.signport.connector.core.resilience;

import dev.signport.connector.core.config.ConnectorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link VendorGuard} per vendor name, built on first use from {@code signport.connector.vendors.<name>}. */
@ApplicationScoped
public class VendorGuards {

    private final ConnectorConfig config;
    private final MeterRegistry registry;
    private final Map<String, VendorGuard> guards = new ConcurrentHashMap<>();

    public VendorGuards(ConnectorConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    public VendorGuard of(String vendor) {
        return guards.computeIfAbsent(vendor, v -> new VendorGuard(v, config.vendors().get(v), registry));
    }
}
