package dev.signport.platform.auth;

import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.apikey.ApiKeys;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

/**
 * Authenticates every request to a JAX-RS resource by what the MATCHED resource method declares
 * ({@link PublicApi}, {@link Internal}, {@link Anonymous}), never by a prefix of the raw path: the
 * HTTP stack decodes and normalises paths before routing, so a string test on the raw path can be
 * walked around with {@code %69nternal}, {@code //}, {@code /./} or {@code /x/../}. Deny by default:
 * a method that declares nothing is refused to everyone (and {@link RouteDeclarations} stops such a
 * service from booting). API keys are compared as SHA-256 hashes against the local replica, and the
 * service token in constant time; neither is ever logged.
 */
public class AuthenticationFilter {

    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class);

    private final ApiKeyReplica replica;
    private final CurrentCaller currentCaller;
    private final Optional<byte[]> serviceTokenHash;
    private final Map<Object, Optional<RouteAccess>> accessByMethod = new ConcurrentHashMap<>();

    public AuthenticationFilter(ApiKeyReplica replica, CurrentCaller currentCaller,
            @ConfigProperty(name = "signport.internal.service-token") Optional<String> serviceToken) {
        this.replica = replica;
        this.currentCaller = currentCaller;
        this.serviceTokenHash = serviceToken.filter(t -> !t.isBlank())
                .map(t -> ApiKeys.sha256Hex(t).getBytes(StandardCharsets.US_ASCII));
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(HttpServerRequest request, ResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return unauthorized(request, "This route is not open");
        }
        Object methodKey = resource instanceof ResteasyReactiveResourceInfo r
                ? resource.getResourceClass().getName() + "#" + r.getMethodId() : resource.getResourceMethod();
        Optional<RouteAccess> access = accessByMethod.computeIfAbsent(methodKey, k -> declaredAccess(resource));
        if (access.isEmpty()) {
            LOG.errorf("Refusing %s %s: %s declares no access", request.method(), request.path(), methodKey);
            return unauthorized(request, "This route is not open");
        }
        return switch (access.get()) {
            case ANONYMOUS -> Optional.empty();
            case SERVICE_TOKEN -> authenticateService(request);
            case API_KEY -> authenticateKey(request);
        };
    }

    private static Optional<RouteAccess> declaredAccess(ResourceInfo resource) {
        try {
            java.lang.annotation.Annotation[] onMethod = resource instanceof ResteasyReactiveResourceInfo r
                    ? r.getAnnotations() : resource.getResourceMethod().getAnnotations();
            return RouteAccess.declared(onMethod, resource.getResourceClass().getAnnotations(),
                    resource.getResourceClass().getName());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private Optional<Response> authenticateKey(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return unauthorized(request, "Send your API key as 'Authorization: Bearer sk_test_…' or 'sk_live_…'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized(request, "The Authorization header must use the Bearer scheme");
        }
        String secret = header.substring(7).trim();
        if (ApiKeys.modeOf(secret).isEmpty()) {
            return unauthorized(request, "API keys start with sk_test_ or sk_live_");
        }
        Optional<ApiKeyRecord> key = replica.findByHash(ApiKeys.sha256Hex(secret));
        if (key.isEmpty()) {
            return unauthorized(request, "Unknown API key");
        }
        if (key.get().revoked()) {
            return unauthorized(request, "This API key has been revoked");
        }
        ApiKeyRecord k = key.get();
        currentCaller.set(new Caller(k.keyId(), k.tenantId(), k.mode()));
        return Optional.empty();
    }

    private Optional<Response> authenticateService(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (serviceTokenHash.isEmpty() || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized(request, "Internal routes need the service token");
        }
        byte[] presented = ApiKeys.sha256Hex(header.substring(7).trim()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, serviceTokenHash.get())) {
            return unauthorized(request, "Invalid service token");
        }
        return Optional.empty();
    }

    private static Optional<Response> unauthorized(HttpServerRequest request, String detail) {
        return Optional.of(Response.fromResponse(Problems.response(ProblemType.UNAUTHORIZED, detail, request.path()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"signport\"").build());
    }
}
