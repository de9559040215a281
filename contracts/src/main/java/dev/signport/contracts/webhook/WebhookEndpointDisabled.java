package dev.signport.contracts.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code webhook.endpoint_disabled}: webhook-service stopped delivering to an endpoint; its owner has to fix it and
 * re-enable it (undelivered events can be replayed).
 *
 * @param url                the endpoint's URL
 * @param failingSince       first failed delivery of the current failure streak, or null
 * @param lastResponseStatus HTTP status of the last attempt, or null when there was no response (timeout, refused)
 * @param lastError          short description of the last failure, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookEndpointDisabled(
        String webhookId,
        String tenantId,
        Instant occurredAt,
        String url,
        DisabledReason reason,
        Instant failingSince,
        Integer lastResponseStatus,
        String lastError) implements WebhookEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "webhook.endpoint_disabled";

    public WebhookEndpointDisabled {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
