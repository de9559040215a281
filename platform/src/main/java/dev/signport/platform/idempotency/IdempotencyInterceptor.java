package dev.signport.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.auth.CurrentCaller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code Idempotency-Key} for POSTs, per tenant, without holding a transaction around the request:
 * <ol>
 * <li>claim the key in one short statement: state {@code in_progress}, the request's fingerprint
 * and a lease ({@code signport.idempotency.lease}, 2 min);</li>
 * <li>run the work; a service records the response with {@link Idempotency#recordInTransaction}
 * in the transaction of its effect (otherwise it is recorded right after, in its own statement);</li>
 * <li>a failed request releases its claim, so a retry runs again.</li>
 * </ol>
 * A second request with the key gets: the stored response replayed ({@code Idempotent-Replayed:
 * true}) once the first completed; {@code 409 idempotency-in-progress} with {@code Retry-After} at
 * once while it runs (no waiting on a lock); {@code 422 idempotency-key-reused} for another body.
 * A claim whose request crashed is taken over by the same request once its lease has run out.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class IdempotencyInterceptor {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = StoredResponses.REPLAYED;

    private static final Logger LOG = Logger.getLogger(IdempotencyInterceptor.class);

    private final IdempotencyStore store;
    private final StoredResponses responses;
    private final IdempotencyScope scope;
    private final CurrentVertxRequest currentRequest;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final Duration ttl;
    private final Duration lease;

    public IdempotencyInterceptor(IdempotencyStore store, StoredResponses responses, IdempotencyScope scope,
            CurrentVertxRequest currentRequest, CurrentCaller caller, ObjectMapper mapper,
            @ConfigProperty(name = "signport.idempotency.ttl-hours", defaultValue = "24") long ttlHours,
            @ConfigProperty(name = "signport.idempotency.lease", defaultValue = "PT2M") Duration lease) {
        this.store = store;
        this.responses = responses;
        this.scope = scope;
        this.currentRequest = currentRequest;
        this.caller = caller;
        this.mapper = mapper;
        this.ttl = Duration.ofHours(ttlHours);
        this.lease = lease;
    }

    @AroundInvoke
    @SuppressWarnings("unchecked")
    public Object around(InvocationContext ic) throws Exception {
        RoutingContext rc = currentRequest.getCurrent();
        String key = rc.request().getHeader(HEADER);
        if (key == null) {
            return ic.proceed();
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String tenant = caller.isPresent() ? caller.tenantId() : "-";
        String fingerprint = Fingerprints.of(mapper, rc.request().method().name(), rc.normalizedPath(),
                ic.getParameters());
        UUID owner = UUID.randomUUID();
        return store.claim(tenant, key, fingerprint, owner, lease, ttl).flatMap(claimed -> {
            if (!claimed) {
                return store.find(tenant, key).map(existing -> answerDuplicate(existing, fingerprint));
            }
            scope.begin(new IdempotencyScope.Claim(tenant, key, owner));
            Uni<Object> work;
            try {
                work = (Uni<Object>) ic.proceed();
            } catch (Exception e) {
                work = Uni.createFrom().failure(e);
            }
            Uni<Object> guarded = work
                    .call(r -> scope.recorded() ? Uni.createFrom().voidItem() : recordAfter(tenant, key, owner, r))
                    .onFailure().call(e -> store.release(tenant, key, owner)
                            .onFailure().invoke(r -> LOG.warnf("Could not release Idempotency-Key claim: %s", r.toString()))
                            .onFailure().recoverWithNull());
            return shielded(guarded);
        });
    }

    /**
     * Runs {@code work} to its end even when the client goes away: a disconnect cancels the response's
     * subscription, and cancelling a Hibernate Reactive transaction midway breaks its session and would leave
     * the claim in_progress (a retry would get 409 until the lease ran out). Its result is then just dropped.
     */
    static <T> Uni<T> shielded(Uni<T> work) {
        return Uni.createFrom().emitter(em -> work.subscribe().with(em::complete, em::fail));
    }

    private Uni<Void> recordAfter(String tenant, String key, UUID owner, Object result) {
        Response response = result instanceof RestResponse<?> rr ? rr.toResponse() : (Response) result;
        StoredResponses.Stored stored = responses.of(response);
        return store.complete(tenant, key, owner, stored.status(), stored.headersJson(), stored.body())
                .invoke(owned -> {
                    if (!owned) {
                        LOG.warnf("An idempotent request outlived its lease of %s; its response was not recorded", lease);
                    }
                })
                .replaceWithVoid();
    }

    private Response answerDuplicate(IdempotencyStore.Existing existing, String fingerprint) {
        if (existing == null) {
            // Released by a failed request between our claim and our read: the client may retry at once.
            throw inProgress(1);
        }
        if (!existing.fingerprint().equals(fingerprint)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        if (!existing.completed()) {
            throw inProgress((int) Math.max(1, Math.min(5, (existing.lockedForMillis() + 999) / 1000)));
        }
        return responses.replay(existing);
    }

    private static ProblemException inProgress(int retryAfterSeconds) {
        return new ProblemException(ProblemType.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed; retry after it completes",
                List.of(), retryAfterSeconds);
    }
}
