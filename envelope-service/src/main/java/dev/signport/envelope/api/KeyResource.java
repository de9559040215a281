package dev.signport.envelope.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;
import dev.signport.envelope.domain.KeyService;
import dev.signport.envelope.store.ApiKey;
import dev.signport.envelope.store.ApiKeyRepository;
import dev.signport.platform.api.Page;
import dev.signport.platform.api.PageRequest;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import dev.signport.platform.idempotency.Idempotent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/keys}: the tenant's API keys; the secret is in the creation response only. */
@Path(KeyResource.PATH)
@PublicApi
@Tag(name = "API keys")
public class KeyResource {

    static final String PATH = "/api/v1/keys";

    private final KeyService service;
    private final ApiKeyRepository keys;
    private final CurrentCaller caller;

    public KeyResource(KeyService service, ApiKeyRepository keys, CurrentCaller caller) {
        this.service = service;
        this.keys = keys;
        this.caller = caller;
    }

    public record CreateKey(@Size(max = 100) String name, Mode mode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String id, String name, Mode mode, String prefix, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt, String secret) {

        static KeyView of(ApiKey k, Instant lastUsed) {
            return new KeyView(k.id, k.name, k.mode, k.displayPrefix + "…", k.createdAt, lastUsed, k.revokedAt, null);
        }

        static KeyView created(KeyService.Created c) {
            ApiKey k = c.key();
            return new KeyView(k.id, k.name, k.mode, k.displayPrefix + "…", k.createdAt, null, null, c.secret());
        }
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a key; `secret` is shown in this response only (a test key creates test keys only)")
    public Uni<Response> create(@Valid CreateKey request) {
        CreateKey r = request == null ? new CreateKey(null, null) : request;
        Mode mode = KeyService.allowedMode(caller.get().mode(), r.mode());
        return service.create(caller.tenantId(), mode, r.name(), KeyResource::created).map(KeyResource::created);
    }

    private static Response created(KeyService.Created c) {
        return Response.created(URI.create(PATH + "/" + c.key().id)).entity(KeyView.created(c)).build();
    }

    @GET
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The tenant's keys, newest first (secrets are never shown again)")
    public Uni<Page<KeyView>> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        PageRequest page = PageRequest.of(cursor, limit);
        return keys.pageForTenant(caller.tenantId(), page).chain(rows -> lastUse(rows)
                .map(seen -> page.page(rows, k -> k.id, k -> KeyView.of(k, latest(k.lastUsedAt, seen.get(k.id))))));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a key: every service refuses it within seconds")
    public Uni<Response> revoke(@PathParam("id") String id) {
        return service.revoke(caller.tenantId(), id).replaceWith(Response.noContent().build());
    }

    /**
     * When each key was last used, from the shared rate-limit budget every service updates on each request (a row
     * lives while its key is active; KeyUsage copies it into api_key.last_used_at before it is cleaned up).
     */
    private static Uni<Map<String, Instant>> lastUse(List<ApiKey> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] ids = rows.stream().map(k -> k.id).toArray(String[]::new);
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "select key, seen from ratelimit.key_budget where key = any(?1)", Object[].class)
                .setParameter(1, ids).getResultList())
                .map(list -> {
                    Map<String, Instant> m = new HashMap<>();
                    for (Object[] row : list) {
                        long micros = ((Number) row[1]).longValue();
                        m.put((String) row[0], Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
                    }
                    return m;
                });
    }

    static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
