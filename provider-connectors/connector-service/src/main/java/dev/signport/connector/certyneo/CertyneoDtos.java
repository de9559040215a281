package dev.signport.connector.certyneo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** Certyneo request and response bodies, as the adapter reads and writes them (unknown fields ignored). */
final class CertyneoDtos {

    private CertyneoDtos() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EnvelopeRequest(String subject, List<String> documentIds, List<RecipientRequest> recipients,
            String signingOrder, String message) {}

    record RecipientRequest(String email, String name, String role) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DocumentView(String id, String name, long size) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EnvelopeView(String id, String subject, String status, String signingOrder, List<String> documentIds,
            List<RecipientView> recipients, Instant createdAt, Instant completedAt, Instant declinedAt,
            Instant voidedAt, Instant expiredAt) {

        List<RecipientView> recipientsOrEmpty() {
            return recipients == null ? List.of() : recipients;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RecipientView(String id, String email, String name, String role, String status, String signUrl,
            Instant viewedAt, Instant signedAt, Instant declinedAt, String declineReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EnvelopeList(List<EnvelopeView> data) {}

    record WebhookRequest(String url, List<String> events) {}

    /** {@code secret} is present only in the creation answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record WebhookView(String id, String url, List<String> events, String secret) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WebhookList(List<WebhookView> data) {}

    /** A webhook delivery; only {@code envelope_id} is read, to tell whether it is about our envelope. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record WebhookEvent(String event, @JsonProperty("envelope_id") String envelopeId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(Detail error) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        record Detail(String code, String message) {}
    }
}
