package dev.signport.connector.core.health;

import dev.signport.connector.core.domain.ActiveProvider;
import dev.signport.connector.core.messaging.CapabilitiesPublisher;
import dev.signport.contracts.provider.ProviderCapabilities;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The vendor's state as this replica sees it, at {@code /q/health/well} (and {@code /q/health}): DOWN while
 * its circuit breaker is open or its quota is used up, with the remaining quota as data. A wellness check,
 * not readiness: the connector itself is fine and must keep receiving callbacks and commands (which it
 * answers with {@code provider.failed}); envelope-service routes around the vendor from the capabilities.
 */
@Wellness
@ApplicationScoped
public class VendorHealth implements HealthCheck {

    private final ActiveProvider provider;
    private final CapabilitiesPublisher capabilities;

    public VendorHealth(ActiveProvider provider, CapabilitiesPublisher capabilities) {
        this.provider = provider;
        this.capabilities = capabilities;
    }

    @Override
    public HealthCheckResponse call() {
        ProviderCapabilities now = capabilities.current(Instant.now());
        HealthCheckResponseBuilder b = HealthCheckResponse.named("vendor " + provider.name()).status(now.available())
                .withData("breaker", capabilities.breaker().name());
        if (now.quotaRemaining() != null) {
            b.withData("quotaRemaining", now.quotaRemaining());
        }
        if (now.unavailableReason() != null) {
            b.withData("reason", now.unavailableReason());
        }
        return b.build();
    }
}
