package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code envelope.deleted}: a DRAFT envelope was deleted through the API; it is gone for good and its documents
 * are no longer used by it. This is the envelope's last event.
 *
 * <p>{@code status} stays {@code DRAFT} (the status it had when deleted): a new {@link EnvelopeStatus} value would
 * break existing consumers of a {@code .v1} topic, so "deleted" is said by the event type.
 *
 * @param documentIds the documents the draft used, which it now releases
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvelopeDeleted(
        String envelopeId,
        String tenantId,
        Mode mode,
        EnvelopeStatus status,
        Instant occurredAt,
        List<String> documentIds,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> metadata) implements EnvelopeEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "envelope.deleted";

    public EnvelopeDeleted {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Checks.status(status, EnvelopeStatus.DRAFT, TYPE);
        Objects.requireNonNull(occurredAt, "occurredAt");
        documentIds = List.copyOf(Objects.requireNonNull(documentIds, "documentIds"));
        metadata = Checks.metadata(metadata);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
