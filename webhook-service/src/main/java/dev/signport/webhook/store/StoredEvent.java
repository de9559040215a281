package dev.signport.webhook.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An event as webhook receivers get it ({@code body}), kept for retries and replay. */
@Entity
@Table(name = "webhook_event")
public class StoredEvent extends PanacheEntityBase {
    @Id
    public String eventId;
    public String tenantId;
    /** Only for {@code webhook.test}: the one endpoint it is meant for. */
    public String webhookId;
    public String type;
    public Instant occurredAt;
    public Instant receivedAt;
    public String body;
}
