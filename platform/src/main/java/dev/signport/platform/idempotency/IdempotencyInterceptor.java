package dev.signport.platform.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.util.Hashing;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code Idempotency-Key} for POSTs, per tenant: the first request runs and its response is stored
 * in the SAME transaction as its effect; a retry with the same body gets that response replayed
 * (with {@code Idempotent-Replayed: true}), one with another body gets 422, and a concurrent
 * duplicate waits on the row lock and then replays. A request that fails with an exception rolls
 * back, so nothing is stored and a retry runs again.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class IdempotencyInterceptor {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final List<String> STORED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE, "ETag");

    private final IdempotencyStore store;
    private final CurrentVertxRequest currentRequest;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;
    private final long ttlHours;

    public IdempotencyInterceptor(IdempotencyStore store, CurrentVertxRequest currentRequest, CurrentCaller caller,
            ObjectMapper mapper, @ConfigProperty(name = "signport.idempotency.ttl-hours", defaultValue = "24") long ttlHours) {
        this.store = store;
        this.currentRequest = currentRequest;
        this.caller = caller;
        this.mapper = mapper;
        this.ttlHours = ttlHours;
    }

    @AroundInvoke
    @SuppressWarnings("unchecked")
    public Object around(InvocationContext ic) throws Exception {
        HttpServerRequest request = currentRequest.getCurrent().request();
        String key = request.getHeader(HEADER);
        if (key == null) {
            return ic.proceed();
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        String tenant = caller.isPresent() ? caller.tenantId() : "-";
        String fingerprint = fingerprint(request, ic.getParameters());
        return Panache.withTransaction(() -> store.claim(tenant, key, fingerprint, ttlHours)
                .flatMap(claimed -> {
                    if (!claimed) {
                        return store.find(tenant, key).map(stored -> replay(stored, fingerprint));
                    }
                    Uni<Object> result;
                    try {
                        result = (Uni<Object>) ic.proceed();
                    } catch (Exception e) {
                        return Uni.createFrom().failure(e);
                    }
                    return result.flatMap(r -> {
                        Response response = r instanceof RestResponse<?> rr ? rr.toResponse() : (Response) r;
                        return store.complete(tenant, key, response.getStatus(), headers(response), body(response))
                                .replaceWith(r);
                    });
                }));
    }

    private Response replay(IdempotencyStore.Stored stored, String fingerprint) {
        if (stored == null) {
            // Claimed by a transaction that rolled back between our insert and read: rare; ask to retry.
            throw new ProblemException(ProblemType.IDEMPOTENCY_IN_PROGRESS, "Retry the request");
        }
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request; use a new key for a new request");
        }
        Response.ResponseBuilder b = Response.status(stored.status());
        try {
            Map<String, String> headers = mapper.readValue(stored.headersJson(), new TypeReference<>() {});
            headers.forEach(b::header);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable stored idempotent response", e);
        }
        if (stored.body() != null) {
            b.entity(stored.body());
        }
        return b.header(REPLAYED, "true").build();
    }

    private String headers(Response response) throws RuntimeException {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String h : STORED_HEADERS) {
            String v = response.getHeaderString(h);
            if (v != null) {
                kept.put(h, v);
            }
        }
        if (!kept.containsKey(HttpHeaders.CONTENT_TYPE) && response.getEntity() != null) {
            kept.put(HttpHeaders.CONTENT_TYPE, response.getEntity() instanceof byte[] ? "application/octet-stream"
                    : "application/json");
        }
        try {
            return mapper.writeValueAsString(kept);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] body(Response response) {
        Object entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return mapper.writeValueAsBytes(entity);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot store the response of an idempotent request", e);
        }
    }

    /**
     * Method, path and the method's arguments (the parsed body among them) identify "the same
     * request". Uploads should arrive as a record carrying the digest computed while streaming
     * (hashing a file here would block the event loop); other types count by class only.
     */
    private String fingerprint(HttpServerRequest request, Object[] args) throws Exception {
        ArrayNode parts = mapper.createArrayNode();
        parts.add(request.method().name()).add(request.path());
        for (Object a : args) {
            if (a == null || a instanceof CharSequence || a instanceof Number || a instanceof Boolean
                    || a.getClass().isRecord() || a instanceof Map || a instanceof Iterable || a.getClass().isEnum()) {
                parts.add(mapper.valueToTree(a));
            } else if (a instanceof byte[] bytes) {
                parts.add(Hashing.sha256Hex(bytes));
            } else {
                parts.add(a.getClass().getName());
            }
        }
        return Hashing.sha256Hex(mapper.writeValueAsBytes(parts));
    }
}
