package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code command.remind_recipients}: ask the vendor to remind recipients who have not acted; only sent to
 * providers whose capabilities say {@code reminders}.
 *
 * @param externalId   the vendor's id from {@code provider.accepted}, or null if unknown
 * @param recipientIds the recipients to remind ({@code rcp_…})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemindRecipients(
        String commandId,
        String envelopeId,
        String tenantId,
        Mode mode,
        Instant issuedAt,
        String externalId,
        List<String> recipientIds) implements ProviderCommand {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "command.remind_recipients";

    public RemindRecipients {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(issuedAt, "issuedAt");
        recipientIds = List.copyOf(Objects.requireNonNull(recipientIds, "recipientIds"));
        if (recipientIds.isEmpty()) {
            throw new IllegalArgumentException("recipientIds must not be empty");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
