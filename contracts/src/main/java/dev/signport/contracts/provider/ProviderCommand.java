package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.signport.contracts.Mode;

import java.time.Instant;

/**
 * A command from envelope-service to one provider's connector, the value of a record on
 * {@code signport.provider.<provider>.commands.v1} (key = envelope id).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SendEnvelope.class, name = SendEnvelope.TYPE),
        @JsonSubTypes.Type(value = CancelEnvelope.class, name = CancelEnvelope.TYPE),
        @JsonSubTypes.Type(value = RefreshStatus.class, name = RefreshStatus.TYPE),
        @JsonSubTypes.Type(value = RemindRecipients.class, name = RemindRecipients.TYPE)
})
public sealed interface ProviderCommand permits SendEnvelope, CancelEnvelope, RefreshStatus, RemindRecipients {

    /** The command type, for example {@code command.send_envelope}; also the {@code ce_type} header. */
    String type();

    /** Unique id of this command; connectors execute a command id at most once. */
    String commandId();

    /** The envelope ({@code env_…}); also the record key and {@code ce_subject}. */
    String envelopeId();

    /** The tenant owning the envelope. */
    String tenantId();

    /** TEST commands go to the vendor's simulator or sandbox, LIVE ones to the real vendor. */
    Mode mode();

    /** When envelope-service issued the command. */
    Instant issuedAt();
}
