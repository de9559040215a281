package dev.signport.webhook.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A tenant's webhook endpoint (subscription). The secrets are sealed ({@code SecretBox}), never plain. */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String url;
    @Column(columnDefinition = "text[]")
    public String[] events;
    public String description;
    public boolean enabled;
    public byte[] secret;
    public byte[] previousSecret;
    public Instant previousSecretExpiresAt;
    public String disabledReason;
    public Instant disabledAt;
    public Instant failingSince;
    public Instant pausedUntil;
    public Instant createdAt;
    public Instant updatedAt;
}
