package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.cancelled}: an in-flight envelope was cancelled through the API or voided at the vendor
 * (status CANCELLED). Deleting a DRAFT emits {@code envelope.deleted} instead.
 *
 * @param provider the provider it was at, or null if none had accepted it yet
 * @param reason   free-text reason, when known
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeCancelled(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        String provider,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements EnvelopeEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "envelope.cancelled";

    public EnvelopeCancelled {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Checks.status(status, EnvelopeStatus.CANCELLED, TYPE);
        Objects.requireNonNull(occurredAt, "occurredAt");
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
