package dev.signport.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the API key replica has read the whole topic, or valid keys would get 401s. */
@Readiness
@ApplicationScoped
public class ApiKeyReplicaHealth implements HealthCheck {

    private final ApiKeyReplica replica;

    public ApiKeyReplicaHealth(ApiKeyReplica replica) {
        this.replica = replica;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("api-key-replica")
                .status(replica.isCaughtUp())
                .withData("keys", replica.size())
                .build();
    }
}
