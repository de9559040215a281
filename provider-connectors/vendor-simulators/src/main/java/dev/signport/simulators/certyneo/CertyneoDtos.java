package dev.signport.simulators.certyneo;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the Certyneo API (unknown request fields are ignored: vendors evolve). */
public final class CertyneoDtos {

    private CertyneoDtos() {
    }

    /** A list answer; every Certyneo list endpoint wraps its items the same way. */
    public record ListView<T>(List<T> data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DocumentView(String id, String name, long size, String contentType, Instant createdAt) {
    }

    /** Create and PATCH body; on PATCH an absent field keeps its value. */
    public record EnvelopeRequest(String subject, List<String> documentIds, List<RecipientRequest> recipients,
            String signingOrder, String message) {
    }

    public record RecipientRequest(String email, String name, String role) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvelopeView(String id, String subject, String message, String status, String signingOrder,
            List<String> documentIds, List<RecipientView> recipients, Instant createdAt, Instant sentAt,
            Instant completedAt, Instant declinedAt, Instant voidedAt, Instant expiredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientView(String id, String email, String name, String role, String status, String signUrl,
            Instant viewedAt, Instant signedAt, Instant declinedAt, String declineReason) {
    }

    public record WebhookRequest(String url, List<String> events) {
    }

    /** {@code secret} is present only in the creation answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookView(String id, String url, List<String> events, String secret, Instant createdAt) {
    }

    public record KeyRequest(String name) {
    }

    /** {@code key} (the bearer token) is present only in the creation answer; lists show its last characters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KeyView(String id, String name, String key, String last4, Instant createdAt) {
    }

    /** Body of the webhook POST, exactly as signed. */
    public record WebhookEvent(String event, @JsonProperty("envelope_id") String envelopeId,
            @JsonProperty("occurred_at") Instant occurredAt, EventData data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventData(EnvelopeView envelope, RecipientView recipient) {
    }

    /** The control API's view: the envelope as the API shows it plus its history. */
    public record ControlView(@JsonUnwrapped EnvelopeView envelope, List<String> history) {
    }
}
