package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.declined}: a recipient declined, which ends the envelope (status DECLINED).
 *
 * @param recipientId who declined, or null when the vendor did not say
 * @param reason      the recipient's free-text reason, when given
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeDeclined(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        String provider,
        String recipientId,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements EnvelopeEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "envelope.declined";

    public EnvelopeDeclined {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Checks.status(status, EnvelopeStatus.DECLINED, TYPE);
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(provider, "provider");
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
