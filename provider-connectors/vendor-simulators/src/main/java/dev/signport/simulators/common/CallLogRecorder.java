package dev.signport.simulators.common;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Records vendor calls at the HTTP layer rather than in a REST filter, so that answers produced
 * outside the resource methods (faults, 401, 429, unknown routes, bodies over the size limit) are
 * logged with the status the client really got.
 */
@ApplicationScoped
public class CallLogRecorder {

    /** Routing-context key under which {@link VendorRequestFilter} leaves the matched operation name. */
    public static final String OPERATION = "signport.sim.operation";
    static final String UNKNOWN_OPERATION = "unknown";

    private final CallLog callLog;

    public CallLogRecorder(CallLog callLog) {
        this.callLog = callLog;
    }

    void install(@Observes Router router) {
        // Before Quarkus' own routes, so every vendor request gets the hook whatever handles it.
        router.route().order(-1000).handler(rc -> {
            String path = rc.normalizedPath();
            Optional<Vendor> vendor = Vendor.fromPath(path);
            if (vendor.isPresent()) {
                long arrivedAt = System.currentTimeMillis();
                String method = rc.request().method().name();
                // Headers-end runs before the answer leaves, so a client never sees the response
                // before its call is in the log.
                rc.addHeadersEndHandler(ignored -> {
                    String op = rc.get(OPERATION);
                    callLog.record(vendor.get(), new CallLog.Call(op == null ? UNKNOWN_OPERATION : op, method, path,
                            rc.response().getStatusCode(), arrivedAt));
                });
            }
            rc.next();
        });
    }
}
