package dev.signport.simulators.common;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What a vendor does before any endpoint runs, in the order a real front end would: injected
 * faults (an outage answers before auth), then the API key, then the key's rate limit. Decided on
 * the matched resource method ({@link VendorApi}, {@link Operation}), never on the raw path.
 */
public class VendorRequestFilter {

    private final FaultRegistry faults;
    private final Map<Vendor, VendorAccount> accounts = new EnumMap<>(Vendor.class);
    private final Vertx vertx;

    public VendorRequestFilter(FaultRegistry faults, Instance<VendorAccount> accounts, Vertx vertx) {
        this.faults = faults;
        this.vertx = vertx;
        accounts.forEach(a -> this.accounts.put(a.vendor(), a));
    }

    @ServerRequestFilter
    public Uni<Response> filter(ResourceInfo resource, HttpHeaders headers, RoutingContext rc) {
        VendorApi api = resource.getResourceClass().getAnnotation(VendorApi.class);
        if (api == null) {
            return Uni.createFrom().nullItem(); // control API: no vendor behaviour
        }
        Vendor vendor = api.value();
        Operation operation = resource.getResourceMethod().getAnnotation(Operation.class);
        if (operation == null) {
            // Deny by default: a vendor endpoint without a declared operation is a bug, not an open door.
            return Uni.createFrom().item(ErrorBodies.response(vendor, 500, ErrorBodies.defaultCode(vendor, 500),
                    "Undeclared operation"));
        }
        String op = operation.value();
        rc.put(CallLogRecorder.OPERATION, op);
        boolean authRequired = !resource.getResourceMethod().isAnnotationPresent(Unauthenticated.class);

        Optional<Fault> delay = faults.fire(vendor, op, FaultKind.DELAY);
        Optional<Fault> status = faults.fire(vendor, op, FaultKind.STATUS);
        if (delay.isEmpty()) {
            return Uni.createFrom().item(decide(vendor, status, authRequired, headers));
        }
        // A Vert.x timer, not a sleep: neither the event loop nor a worker is held while we "are slow".
        long delayMs = Math.max(0, delay.get().delayMs());
        return Uni.createFrom().<Void>emitter(em -> vertx.setTimer(Math.max(1, delayMs), id -> em.complete(null)))
                .map(ignored -> decide(vendor, status, authRequired, headers));
    }

    private Response decide(Vendor vendor, Optional<Fault> status, boolean authRequired, HttpHeaders headers) {
        if (status.isPresent()) {
            return ErrorBodies.injected(vendor, status.get().status(), status.get().retryAfterSeconds());
        }
        if (!authRequired) {
            return null;
        }
        VendorAccount account = accounts.get(vendor);
        Optional<String> keyId = account.authenticate(headers);
        if (keyId.isEmpty()) {
            SimError e = account.unauthorized();
            return ErrorBodies.response(vendor, e.status(), e.code(), e.getMessage());
        }
        OptionalLong retryAfter = account.throttle(keyId.get());
        if (retryAfter.isPresent()) {
            return Response.fromResponse(ErrorBodies.response(vendor, 429, ErrorBodies.defaultCode(vendor, 429),
                    "Rate limit exceeded, retry in " + retryAfter.getAsLong() + " s"))
                    .header("Retry-After", String.valueOf(retryAfter.getAsLong())).build();
        }
        return null;
    }
}
