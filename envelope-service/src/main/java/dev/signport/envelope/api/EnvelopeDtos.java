package dev.signport.envelope.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.RecipientStatus;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.FieldType;
import dev.signport.envelope.domain.FieldSpec;
import dev.signport.envelope.domain.Recipient;
import dev.signport.envelope.domain.Reminders;
import dev.signport.envelope.store.Envelope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response bodies of /api/v1/envelopes: the Certyneo v1 shape plus DESIGN §3's fields. */
public final class EnvelopeDtos {

    /** Certyneo-like addresses need a dot in the domain: "a@b" is a typo, not a mailbox. */
    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    static final String E164 = "^\\+[1-9][0-9]{6,14}$";

    private EnvelopeDtos() {
    }

    @Schema(description = "A DRAFT envelope. `subject`, `documentIds` and `recipients` are the Certyneo quickstart body.")
    public record CreateEnvelope(
            @NotBlank @Size(max = 300) String subject,
            @Size(max = 5000) String message,
            @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 64) String> documentIds,
            @NotEmpty @Size(max = 50) List<@Valid @NotNull RecipientInput> recipients,
            SigningOrder signingOrder,
            @Size(max = 32) String provider,
            @Size(max = 4) List<@NotBlank String> fallbackProviders,
            SignatureLevel signatureLevel,
            Instant expiresAt,
            @Valid ReminderInput reminders,
            @Size(max = 50) Map<String, String> metadata) {
    }

    /** PATCH of a DRAFT: absent fields stay as they are; {@code recipients} and {@code documentIds} are replaced. */
    public record UpdateEnvelope(
            @Size(min = 1, max = 300) String subject,
            @Size(max = 5000) String message,
            @Size(min = 1, max = 20) List<@NotBlank @Size(max = 64) String> documentIds,
            @Size(min = 1, max = 50) List<@Valid @NotNull RecipientInput> recipients,
            SigningOrder signingOrder,
            @Size(max = 32) String provider,
            @Size(max = 4) List<@NotBlank String> fallbackProviders,
            SignatureLevel signatureLevel,
            Instant expiresAt,
            @Valid ReminderInput reminders,
            @Size(max = 50) Map<String, String> metadata) {
    }

    public record RecipientInput(
            @NotBlank @Size(max = 254) @Email(regexp = EMAIL) String email,
            @NotBlank @Size(max = 200) String name,
            @Schema(defaultValue = "SIGNER") RecipientRole role,
            @Min(1) @Max(50) Integer order,
            @Pattern(regexp = E164, message = "must be an E.164 number such as +41791234567") String phone,
            @Size(max = 20) List<@Valid @NotNull FieldInput> fields) {
    }

    @Schema(description = "A field placed by page, x, y (PDF points from the page's top-left corner) or by anchor text")
    public record FieldInput(
            @NotNull FieldType type,
            @Size(max = 64) String documentId,
            @Min(1) Integer page,
            @PositiveOrZero Double x,
            @PositiveOrZero Double y,
            @Positive Double width,
            @Positive Double height,
            @Size(min = 1, max = 200) String anchor) {

        FieldSpec toSpec(String defaultDocumentId) {
            return new FieldSpec(type, documentId == null ? defaultDocumentId : documentId, page, x, y, width, height,
                    anchor);
        }
    }

    @Schema(description = "Remind recipients who have not acted: first after `firstAfter`, then every `every` (ISO-8601 durations), at most `max` times")
    public record ReminderInput(@NotNull Duration firstAfter, Duration every, @Min(0) @Max(20) Integer max) {

        Reminders toReminders() {
            return new Reminders(firstAfter, every, max == null ? 3 : max);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(FailureCode code, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvelopeView(
            String id,
            EnvelopeStatus status,
            Mode mode,
            String subject,
            String message,
            List<String> documentIds,
            List<RecipientView> recipients,
            SigningOrder signingOrder,
            String provider,
            List<String> fallbackProviders,
            int attempt,
            SignatureLevel signatureLevel,
            Instant expiresAt,
            Reminders reminders,
            Map<String, String> metadata,
            String signedDocumentId,
            Failure failure,
            Instant createdAt,
            Instant updatedAt,
            Instant sentAt,
            Instant completedAt) {

        public static EnvelopeView of(Envelope e) {
            return new EnvelopeView(e.id, e.status, e.mode, e.subject, e.message, e.documentIds,
                    e.recipients.stream().map(RecipientView::of).toList(), e.signingOrder,
                    e.provider != null ? e.provider : e.requestedProvider, e.fallbackProviders, e.attempt,
                    e.signatureLevel, e.expiresAt, e.reminders, e.metadata, e.signedDocumentId,
                    e.failureCode == null ? null : new Failure(e.failureCode, e.failureReason),
                    e.createdAt, e.updatedAt, e.sentAt, e.completedAt);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecipientView(
            String id,
            String email,
            String name,
            RecipientRole role,
            int order,
            String phone,
            RecipientStatus status,
            @Schema(description = "The recipient's signing link, once the provider accepted; share it only with them")
            String signUrl,
            Instant signUrlExpiresAt,
            List<FieldSpec> fields,
            Instant notifiedAt,
            Instant viewedAt,
            Instant signedAt,
            Instant declinedAt,
            String declineReason) {

        static RecipientView of(Recipient r) {
            return new RecipientView(r.id(), r.email(), r.name(), r.role(), r.order(), r.phone(), r.status(),
                    r.signUrl(), r.signUrlExpiresAt(), r.fields().isEmpty() ? null : r.fields(), r.notifiedAt(),
                    r.viewedAt(), r.signedAt(), r.declinedAt(), r.declineReason());
        }
    }
}
