package dev.signport.envelope.domain;

import dev.signport.contracts.Mode;
import dev.signport.envelope.store.Tenant;
import dev.signport.platform.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.function.UnaryOperator;

/** Tenants: created by the operator (admin secret), each with its settings. */
@ApplicationScoped
public class TenantService {

    private final KeyService keys;

    public TenantService(KeyService keys) {
        this.keys = keys;
    }

    public record Upserted(Tenant tenant, boolean created) {
    }

    /** Creates the tenant, or returns it unchanged (renamed when {@code name} is given) when it exists. */
    public Uni<Upserted> upsert(String id, String name) {
        return Panache.withTransaction(() -> Tenant.<Tenant>findById(id).chain(t -> {
            if (t == null) {
                return KeyService.createTenantRow(id, name == null ? id : name).map(x -> new Upserted(x, true));
            }
            if (name != null && !name.equals(t.name)) {
                t.name = name;
                t.updatedAt = Instant.now();
            }
            return Uni.createFrom().item(new Upserted(t, false));
        }));
    }

    public Uni<KeyService.Created> createKey(String tenantId, Mode mode, String name) {
        return Panache.withTransaction(() -> Tenant.<Tenant>findById(tenantId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Tenant", tenantId))
                .chain(t -> keys.insert(tenantId, mode, name)));
    }

    public Uni<TenantSettings> settings(String tenantId) {
        return Panache.withSession(() -> Tenant.<Tenant>findById(tenantId)
                .map(t -> t == null || t.settings == null ? TenantSettings.EMPTY : t.settings));
    }

    public Uni<TenantSettings> updateSettings(String tenantId, UnaryOperator<TenantSettings> change) {
        return Panache.withTransaction(() -> Tenant.<Tenant>findById(tenantId)
                .chain(t -> t != null ? Uni.createFrom().item(t) : KeyService.createTenantRow(tenantId, tenantId))
                .map(t -> {
                    t.settings = change.apply(t.settings == null ? TenantSettings.EMPTY : t.settings);
                    t.updatedAt = Instant.now();
                    return t.settings;
                }));
    }
}
