package dev.signport.envelope.store;

import dev.signport.contracts.provider.ProviderCapabilities;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The latest capabilities a provider's connector announced. */
@Entity
@Table(name = "provider_capability")
public class ProviderCapability extends PanacheEntityBase {
    @Id
    public String provider;
    @Convert(converter = JsonConverters.Capabilities.class)
    public ProviderCapabilities capabilities;
    public Instant checkedAt;
    public Instant updatedAt;
}
