package dev.signport.simulators.common;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders refusals, framework errors (unknown route, wrong method…) and bugs in the shape of the vendor that was called. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response simError(SimError e) {
        return ErrorBodies.response(e.vendor(), e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        Vendor vendor = Vendor.fromPath(request.path()).orElse(null);
        if (vendor == null && !request.path().startsWith("/_control")) {
            return e.getResponse();
        }
        return ErrorBodies.response(vendor, status, ErrorBodies.defaultCode(vendor, status), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, HttpServerRequest request) {
        // A bug of the simulator, not a simulated vendor error: log it, never leak the trace.
        // Sign-link tokens are credentials: keep them out of the log.
        LOG.errorf(e, "Unexpected failure on %s %s", request.method(), request.path().replaceAll("(/sign/)[^/]+", "$1…"));
        Vendor vendor = Vendor.fromPath(request.path()).orElse(null);
        return ErrorBodies.response(vendor, 500, ErrorBodies.defaultCode(vendor, 500), "Internal error");
    }
}
