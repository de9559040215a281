package dev.signport.envelope.store;

import dev.signport.contracts.provider.ProviderCapabilities;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@ApplicationScoped
public class ProviderCapabilityRepository implements PanacheRepositoryBase<ProviderCapability, String> {

    /** Every announced provider's capabilities, by provider. */
    public Uni<Map<String, ProviderCapabilities>> all() {
        return listAll().map(rows -> rows.stream().collect(Collectors.toMap(r -> r.provider, r -> r.capabilities)));
    }

    public Uni<List<ProviderCapability>> rows() {
        return listAll();
    }
}
