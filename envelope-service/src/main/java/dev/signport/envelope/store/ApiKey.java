package dev.signport.envelope.store;

import dev.signport.contracts.Mode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An API key: only the SHA-256 of its secret and the secret's first characters are kept. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String keyHash;
    public String displayPrefix;
    @Enumerated(EnumType.STRING)
    public Mode mode;
    public String name;
    public Instant createdAt;
    public Instant lastUsedAt;
    public Instant revokedAt;
}
