package dev.signport.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the API key replica has read the whole topic (or valid keys would get 401s), nor
 * once it has been out of touch with Kafka for longer than
 * {@code signport.auth.replica-max-staleness} (2 min by default), or revoked keys could be served.
 */
@Readiness
@ApplicationScoped
public class ApiKeyReplicaHealth implements HealthCheck {

    private final ApiKeyReplica replica;

    private final Duration maxStaleness;

    public ApiKeyReplicaHealth(ApiKeyReplica replica,
            @ConfigProperty(name = "signport.auth.replica-max-staleness", defaultValue = "PT2M") Duration maxStaleness) {
        this.replica = replica;
        this.maxStaleness = maxStaleness;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-key-replica")
                .status(replica.isCaughtUp() && replica.staleness().compareTo(maxStaleness) <= 0)
                .withData("keys", replica.size())
                .withData("caughtUp", replica.isCaughtUp())
                .withData("stalenessSeconds", replica.staleness().toSeconds())
                .build();
    }
}
