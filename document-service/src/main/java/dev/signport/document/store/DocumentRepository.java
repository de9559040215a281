package dev.signport.document.store;

import dev.signport.document.domain.Document;
import dev.signport.platform.store.TenantRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Document rows, always read per tenant on the public API; by id alone only for internal callers. */
@ApplicationScoped
public class DocumentRepository implements TenantRepository<Document> {

    @Override
    public String resourceName() {
        return "Document";
    }

    /** Any tenant's document: for Signport's own services on {@code /internal/} routes only. */
    public Uni<Document> findAnyTenant(String id) {
        return findById(id);
    }
}
