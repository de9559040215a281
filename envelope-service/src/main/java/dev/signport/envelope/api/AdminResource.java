package dev.signport.envelope.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;
import dev.signport.envelope.domain.KeyService;
import dev.signport.envelope.domain.TenantService;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.auth.Anonymous;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /admin/v1/tenants}: how an operator creates the first tenant and key of a fresh install, with the admin
 * secret ({@code SIGNPORT_ADMIN_SECRET}) instead of an API key. Without the secret configured these routes refuse
 * every call; keep them off the public ingress (the local edge does not route them).
 */
@Path("/admin/v1/tenants")
@Anonymous // Not anonymous in effect: every method checks the admin secret itself (it is not an API key).
@Tag(name = "Admin")
public class AdminResource {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z][a-z0-9_-]{1,62}");

    private final TenantService tenants;
    private final Optional<String> adminSecret;

    public AdminResource(TenantService tenants,
            @ConfigProperty(name = "signport.admin.secret") Optional<String> adminSecret) {
        this.tenants = tenants;
        this.adminSecret = adminSecret.filter(s -> !s.isBlank());
    }

    public record TenantBody(@Size(max = 200) String name) {
    }

    public record KeyBody(@Size(max = 100) String name, Mode mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantView(String id, String name, Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatedKey(String id, String tenantId, String name, Mode mode, String secret, Instant createdAt) {
    }

    @PUT
    @Path("/{tenantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant (201) or return the existing one (200)")
    public Uni<Response> upsertTenant(@HeaderParam("Authorization") String authorization,
            @PathParam("tenantId") String tenantId, @Valid TenantBody body) {
        authorize(authorization);
        requireTenantId(tenantId);
        return tenants.upsert(tenantId, body == null ? null : body.name()).map(u -> Response
                .status(u.created() ? 201 : 200)
                .entity(new TenantView(u.tenant().id, u.tenant().name, u.tenant().createdAt)).build());
    }

    @POST
    @Path("/{tenantId}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key for the tenant; `secret` is shown in this response only")
    public Uni<Response> createKey(@HeaderParam("Authorization") String authorization,
            @PathParam("tenantId") String tenantId, @Valid KeyBody body) {
        authorize(authorization);
        requireTenantId(tenantId);
        Mode mode = body == null || body.mode() == null ? Mode.TEST : body.mode();
        return tenants.createKey(tenantId, mode, body == null ? null : body.name()).map(c -> Response
                .created(URI.create(KeyResource.PATH + "/" + c.key().id))
                .entity(view(c)).build());
    }

    private static CreatedKey view(KeyService.Created c) {
        return new CreatedKey(c.key().id, c.key().tenantId, c.key().name, c.key().mode, c.secret(), c.key().createdAt);
    }

    private void authorize(String authorization) {
        if (adminSecret.isEmpty()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "The admin API is disabled: set SIGNPORT_ADMIN_SECRET to enable it", List.of(), null);
        }
        String given = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : "";
        // Constant time: the comparison must not tell how much of a guess was right.
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                adminSecret.get().getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Missing or wrong admin secret", List.of(), null);
        }
    }

    private static void requireTenantId(String id) {
        if (!TENANT_ID.matcher(id).matches()) {
            throw ProblemException.invalid("tenantId",
                    "must be 2 to 63 characters: lowercase letters, digits, _ or -, starting with a letter");
        }
    }
}
