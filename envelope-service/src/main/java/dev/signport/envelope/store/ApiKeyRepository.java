package dev.signport.envelope.store;

import dev.signport.platform.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ApiKeyRepository implements TenantRepository<ApiKey> {
    @Override
    public String resourceName() {
        return "API key";
    }
}
