package dev.signport.envelope.api;

import dev.signport.envelope.domain.EnvelopeService;
import dev.signport.platform.auth.CurrentCaller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Who is calling, for the audit trail: the API key, and the client's address and user agent when known. */
@ApplicationScoped
public class Clients {

    private static final int MAX_USER_AGENT = 300;

    private final CurrentVertxRequest request;
    private final CurrentCaller caller;

    public Clients(CurrentVertxRequest request, CurrentCaller caller) {
        this.request = request;
        this.caller = caller;
    }

    public EnvelopeService.Actor actor() {
        RoutingContext rc = request.getCurrent();
        String ip = null;
        String ua = null;
        if (rc != null) {
            // With quarkus.http.proxy.* configured, this is the client's address as the trusted edge forwarded it.
            ip = rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
            ua = rc.request().getHeader("User-Agent");
            if (ua != null && ua.length() > MAX_USER_AGENT) {
                ua = ua.substring(0, MAX_USER_AGENT);
            }
        }
        return new EnvelopeService.Actor("API key " + caller.get().keyId(), ip, ua);
    }
}
