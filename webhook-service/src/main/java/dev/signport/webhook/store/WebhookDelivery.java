package dev.signport.webhook.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One event to one endpoint, with its attempts so far. Written by the consumer and the workers through
 * {@link DeliveryStore}'s SQL; read and re-armed (retry, replay) by the API through this entity.
 */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends PanacheEntityBase {

    public static final String PENDING = "PENDING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String DEAD = "DEAD";

    @Id
    public String id;
    public String tenantId;
    public String webhookId;
    public String eventId;
    public String eventType;
    public String messageId;
    public String status;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant claimedUntil;
    public UUID claimOwner;
    public Instant lastAttemptAt;
    public Integer lastStatusCode;
    public Integer lastLatencyMs;
    public String lastError;
    public String lastResponseBody;
    public Instant createdAt;
    public Instant completedAt;
}
