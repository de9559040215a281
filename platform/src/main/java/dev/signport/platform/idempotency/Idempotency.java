package dev.signport.platform.idempotency;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * What a service calls inside the transaction of an {@link Idempotent} request's effect: it records
 * the response in that same transaction, so the effect and "this key's response" commit together
 * and a crash can never leave an effect whose retry would run it again. A no-op outside an
 * idempotent request (no key sent, a Kafka consumer, a test calling the service directly).
 */
@ApplicationScoped
public class Idempotency {

    private final IdempotencyStore store;
    private final StoredResponses responses;

    public Idempotency(IdempotencyStore store, StoredResponses responses) {
        this.store = store;
        this.responses = responses;
    }

    /** Records {@code response} for the current request's key; must run inside a transaction. */
    public Uni<Void> recordInTransaction(Response response) {
        ManagedContext requestContext = Arc.container().requestContext();
        if (!requestContext.isActive()) {
            return Uni.createFrom().voidItem();
        }
        IdempotencyScope scope = Arc.container().instance(IdempotencyScope.class).get();
        IdempotencyScope.Claim claim = scope.claim();
        if (claim == null) {
            return Uni.createFrom().voidItem();
        }
        StoredResponses.Stored stored = responses.of(response);
        return store.completeInTransaction(claim.tenantId(), claim.key(), claim.owner(), stored.status(),
                        stored.headersJson(), stored.body())
                .invoke(owned -> {
                    if (!owned) {
                        // The lease ran out and a retry took the key: roll this effect back, the retry wins.
                        throw new ProblemException(ProblemType.IDEMPOTENCY_IN_PROGRESS,
                                "This request took longer than its Idempotency-Key lease; retry it", java.util.List.of(), 1);
                    }
                    scope.markRecorded();
                })
                .replaceWithVoid();
    }
}
