package dev.signport.envelope.store;

import dev.signport.envelope.domain.TenantSettings;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    @Convert(converter = JsonConverters.Settings.class)
    public TenantSettings settings;
    public Instant createdAt;
    public Instant updatedAt;
}
