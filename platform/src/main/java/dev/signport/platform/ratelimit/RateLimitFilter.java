package dev.signport.platform.ratelimit;

import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.util.Workers;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies the per-key budget after authentication: 429 with {@code Retry-After} when it is spent,
 * and {@code RateLimit-Limit/Remaining/Reset} on every authenticated response. If the limiter's
 * database is unreachable the request is let through: an outage of the limiter must not become an
 * outage of the API.
 */
public class RateLimitFilter {

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);
    private static final String DECISION = "signport.rate-limit";

    private final RateLimiter limiter;
    private final CurrentCaller caller;

    public RateLimitFilter(RateLimiter limiter, CurrentCaller caller) {
        this.limiter = limiter;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 100)
    public Uni<Response> limit(ContainerRequestContext ctx, HttpServerRequest request) {
        if (!limiter.enabled() || !caller.isPresent()) {
            return Uni.createFrom().nullItem();
        }
        String keyId = caller.get().keyId();
        // JDBC blocks: run it on a worker and come back on this request's context.
        return Workers.call(() -> limiter.tryConsume(keyId)).map(d -> {
            ctx.setProperty(DECISION, d);
            if (d.allowed()) {
                return null;
            }
            return Response.fromResponse(Problems.response(ProblemType.RATE_LIMITED,
                    "Rate limit of this API key exceeded; retry in " + d.retryAfterSeconds() + " s", request.path()))
                    .header("Retry-After", d.retryAfterSeconds())
                    .build();
        }).onFailure().recoverWithItem(e -> {
            LOG.warnf("Rate limiter unavailable, letting the request through: %s", e.toString());
            return null;
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision d) {
            response.getHeaders().putSingle("RateLimit-Limit", d.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", d.remaining());
            response.getHeaders().putSingle("RateLimit-Reset", d.resetSeconds());
        }
    }
}
