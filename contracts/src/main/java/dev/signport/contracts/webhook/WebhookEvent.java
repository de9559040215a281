package dev.signport.contracts.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * An event about a webhook endpoint, meant for its owner: the value of a record on {@code signport.webhook-events.v1}
 * (key = webhook id).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WebhookEndpointDisabled.class, name = WebhookEndpointDisabled.TYPE)
})
public sealed interface WebhookEvent permits WebhookEndpointDisabled {

    /** The event type, for example {@code webhook.endpoint_disabled}; also the {@code ce_type} header. */
    String type();

    /** The webhook endpoint ({@code wh_…}); also the record key and {@code ce_subject}. */
    String webhookId();

    /** The tenant owning the endpoint. */
    String tenantId();

    /** When it happened. */
    Instant occurredAt();
}
