package dev.signport.webhook.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.webhook.store.WebhookDelivery;
import dev.signport.webhook.store.WebhookEndpoint;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of {@code /api/v1/webhooks}. Secrets appear in creation and rotation answers only. */
public final class WebhookDtos {

    private WebhookDtos() {
    }

    public record CreateWebhook(
            @NotBlank @Size(max = 2048) String url,
            @NotNull @Size(min = 1, max = 50) List<@NotBlank String> events,
            @Size(max = 500) String description) {
    }

    public record UpdateWebhook(
            @Size(min = 1, max = 2048) String url,
            @Size(min = 1, max = 50) List<@NotBlank String> events,
            Boolean enabled,
            @Size(max = 500) String description) {
    }

    /** {@code POST /{id}/replay}: the window {@code [since, until)}; until defaults to now. */
    public record ReplayRequest(Instant since, Instant until) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookView(String id, String url, List<String> events, String description, boolean enabled,
            String disabledReason, Instant disabledAt, Instant failingSince, Instant previousSecretExpiresAt,
            Instant createdAt, Instant updatedAt, String secret) {

        static WebhookView of(WebhookEndpoint e) {
            return of(e, null);
        }

        static WebhookView of(WebhookEndpoint e, String secret) {
            Instant prev = e.previousSecretExpiresAt != null && e.previousSecretExpiresAt.isAfter(Instant.now())
                    ? e.previousSecretExpiresAt : null;
            return new WebhookView(e.id, e.url, List.of(e.events), e.description, e.enabled, e.disabledReason,
                    e.disabledAt, e.failingSince, prev, e.createdAt, e.updatedAt, secret);
        }
    }

    /** The answer of {@code rotate-secret}: the new secret, once. */
    public record RotatedSecret(String id, String secret, Instant previousSecretExpiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(String id, String webhookId, String eventId, String eventType, String messageId,
            String status, int attempts, Instant lastAttemptAt, Integer lastStatusCode, Integer lastLatencyMs,
            String lastError, String lastResponseBody, Instant nextAttemptAt, boolean inFlight, Instant createdAt,
            Instant completedAt) {

        static DeliveryView of(WebhookDelivery d, boolean withBody) {
            boolean inFlight = d.claimedUntil != null && d.claimedUntil.isAfter(Instant.now());
            return new DeliveryView(d.id, d.webhookId, d.eventId, d.eventType, d.messageId, d.status, d.attempts,
                    d.lastAttemptAt, d.lastStatusCode, d.lastLatencyMs, d.lastError,
                    withBody ? d.lastResponseBody : null, d.nextAttemptAt, inFlight, d.createdAt, d.completedAt);
        }
    }

    public record ReplayView(int enqueued, Instant since, Instant until) {
    }
}
