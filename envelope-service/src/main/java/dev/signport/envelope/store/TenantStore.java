package dev.signport.envelope.store;

import dev.signport.envelope.domain.TenantSettings;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class TenantStore implements PanacheRepositoryBase<Tenant, String> {

    /**
     * The tenant's settings; defaults when the tenant has no row here (its keys may come from another install's
     * topic, or from tests that publish keys directly).
     */
    public Uni<TenantSettings> settings(String tenantId) {
        return findById(tenantId).map(t -> t == null || t.settings == null ? TenantSettings.EMPTY : t.settings);
    }
}
