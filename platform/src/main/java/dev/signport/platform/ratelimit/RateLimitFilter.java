package dev.signport.platform.ratelimit;

import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import dev.signport.platform.auth.CurrentCaller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Applies the per-key budget to every request authenticated by an API key: 429 with
 * {@code Retry-After} when it is spent, and {@code RateLimit-Limit/Remaining/Reset} on every such
 * response. Runs on the event loop: {@link RateLimiter} never blocks.
 */
public class RateLimitFilter {

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
        return limiter.tryConsume(caller.get().keyId()).map(d -> {
            ctx.setProperty(DECISION, d);
            if (d.allowed()) {
                return null;
            }
            return Response.fromResponse(Problems.response(ProblemType.RATE_LIMITED,
                    "Rate limit of this API key exceeded; retry in " + d.retryAfterSeconds() + " s", request.path()))
                    .header("Retry-After", d.retryAfterSeconds())
                    .build();
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimiter.Decision d && d.limit() > 0) {
            response.getHeaders().putSingle("RateLimit-Limit", d.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", d.remaining());
            response.getHeaders().putSingle("RateLimit-Reset", d.resetSeconds());
        }
    }
}
