package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.provider_changed}: the provider failed before any recipient acted, so the envelope is being
 * sent again through the next fallback provider (status is SENDING again); the first attempt is cancelled.
 *
 * @param previousProvider the provider that failed
 * @param provider         the provider now used
 * @param code             why the previous provider was abandoned
 * @param reason           human-readable explanation
 * @param attempt          1-based number of this provider attempt (2 for the first failover)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeProviderChanged(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        String previousProvider,
        String provider,
        FailureCode code,
        String reason,
        int attempt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements EnvelopeEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "envelope.provider_changed";

    public EnvelopeProviderChanged {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(previousProvider, "previousProvider");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(code, "code");
        if (attempt < 2) {
            throw new IllegalArgumentException("attempt of a provider change must be >= 2: " + attempt);
        }
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
