package dev.signport.platform.auth;

import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.apikey.ApiKeys;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates {@code /api/} requests by {@code Authorization: Bearer sk_test_…|sk_live_…} against
 * the local key replica (keys are compared as SHA-256 hashes, never stored or logged in clear), and
 * {@code /internal/} requests by the service token shared between Signport's own services.
 */
public class ApiKeyAuthFilter {

    private final ApiKeyReplica replica;
    private final CurrentCaller currentCaller;
    private final Optional<String> serviceTokenHash;

    public ApiKeyAuthFilter(ApiKeyReplica replica, CurrentCaller currentCaller,
            @ConfigProperty(name = "signport.internal.service-token") Optional<String> serviceToken) {
        this.replica = replica;
        this.currentCaller = currentCaller;
        this.serviceTokenHash = serviceToken.filter(t -> !t.isBlank()).map(ApiKeys::sha256Hex);
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(HttpServerRequest request) {
        String path = request.path();
        if (path.startsWith("/internal/")) {
            return authenticateService(request);
        }
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
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
        if (!MessageDigest.isEqual(presented, serviceTokenHash.get().getBytes(StandardCharsets.US_ASCII))) {
            return unauthorized(request, "Invalid service token");
        }
        return Optional.empty();
    }

    private static Optional<Response> unauthorized(HttpServerRequest request, String detail) {
        return Optional.of(Response.fromResponse(Problems.response(ProblemType.UNAUTHORIZED, detail, request.path()))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"signport\"").build());
    }
}
