package dev.signport.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.configuration.MemorySize;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problem responses for what never reaches a JAX-RS resource: a path no resource matches, a body
 * over the size limit refused by the HTTP layer, or any failure left unhandled at the Vert.x level.
 */
@ApplicationScoped
public class HttpFallbacks {

    private static final Logger LOG = Logger.getLogger(HttpFallbacks.class);

    private final ObjectMapper mapper;
    private final Optional<MemorySize> maxBodySize;

    public HttpFallbacks(ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.mapper = mapper;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        // Just before Quarkus's own Content-Length check (order -2), which answers 413 with no body.
        maxBodySize.ifPresent(limit -> router.route().order(-3).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parses(length) > limit.asLongValue()) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                write(ctx, ProblemType.PAYLOAD_TOO_LARGE, "The request body of " + length
                        + " bytes exceeds the limit of " + limit.asLongValue() + " bytes", null);
            } else {
                ctx.next();
            }
        }));
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, ProblemType.NOT_FOUND,
                "No resource at " + ctx.request().method() + " " + ctx.request().path(), null));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            write(ctx, ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds the size limit of this route", null);
        } else if (status == 400) {
            write(ctx, ProblemType.MALFORMED_REQUEST, "The request could not be read", null);
        } else if (status == 404) {
            write(ctx, ProblemType.NOT_FOUND, "No resource at " + ctx.request().path(), null);
        } else if (status == 405) {
            write(ctx, ProblemType.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed here", null);
        } else if (status == 415) {
            write(ctx, ProblemType.UNSUPPORTED_MEDIA_TYPE, "This media type is not accepted here", null);
        } else {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(ctx.failure(), "Unhandled HTTP failure %s (status %d) on %s %s", errorId, status,
                    ctx.request().method(), ctx.request().path());
            write(ctx, ProblemType.INTERNAL, "An unexpected error occurred; quote error id " + errorId, errorId);
        }
    }

    private static long parses(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void write(RoutingContext ctx, ProblemType type, String detail, String errorId) {
        try {
            Problem p = new Problem(type.uri(), type.title(), type.status(), detail, ctx.request().path(), errorId,
                    null);
            byte[] body = mapper.writeValueAsBytes(p);
            ctx.response().setStatusCode(type.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE)
                    .end(io.vertx.core.buffer.Buffer.buffer(body));
        } catch (Exception e) {
            ctx.response().setStatusCode(type.status()).end();
        }
    }

}
