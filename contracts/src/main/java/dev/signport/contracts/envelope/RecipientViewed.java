package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code recipient.viewed}: the recipient opened the signing page.
 *
 * @param status the envelope's status after this event
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecipientViewed(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        String recipientId,
        String email,
        String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements RecipientEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "recipient.viewed";

    public RecipientViewed {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
