package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code command.cancel_envelope}: cancel the envelope at the vendor (API cancellation, expiry, or the abandoned
 * attempt of a failover); answered by {@code provider.cancelled} or {@code provider.failed}.
 *
 * @param externalId the vendor's id from {@code provider.accepted}, or null if it never arrived
 * @param reason     free-text reason, for logs and vendors that record one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CancelEnvelope(
        String commandId,
        String envelopeId,
        String tenantId,
        Mode mode,
        Instant issuedAt,
        String externalId,
        String reason) implements ProviderCommand {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "command.cancel_envelope";

    public CancelEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
