package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Objects;

/**
 * {@code command.refresh_status}: re-read the envelope's status at the vendor now and publish whatever
 * provider events follow from it (used after missed callbacks, and before expiring an envelope).
 *
 * @param externalId the vendor's id from {@code provider.accepted}, or null if unknown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefreshStatus(
        String commandId,
        String envelopeId,
        String tenantId,
        Mode mode,
        Instant issuedAt,
        String externalId) implements ProviderCommand {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "command.refresh_status";

    public RefreshStatus {
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
