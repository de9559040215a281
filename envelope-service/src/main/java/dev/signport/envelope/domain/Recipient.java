package dev.signport.envelope.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.RecipientStatus;

import java.time.Instant;
import java.util.List;

/**
 * One recipient of an envelope as the lifecycle sees it. Immutable: every change makes a new one, so a
 * {@link Lifecycle} decision never mutates the state it decided on.
 *
 * @param order 1-based signing step (always 1 in PARALLEL)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipient(
        String id,
        String email,
        String name,
        RecipientRole role,
        int order,
        String phone,
        List<FieldSpec> fields,
        RecipientStatus status,
        String signUrl,
        Instant signUrlExpiresAt,
        Instant notifiedAt,
        Instant viewedAt,
        Instant signedAt,
        Instant declinedAt,
        String declineReason) {

    public Recipient {
        fields = fields == null ? List.of() : List.copyOf(fields);
        status = status == null ? RecipientStatus.PENDING : status;
    }

    public static Recipient draft(String id, String email, String name, RecipientRole role, int order, String phone,
            List<FieldSpec> fields) {
        return new Recipient(id, email, name, role, order, phone, fields, RecipientStatus.PENDING,
                null, null, null, null, null, null, null);
    }

    /** Signers and approvers act on the envelope; CC recipients only receive copies. */
    public boolean acts() {
        return role != RecipientRole.CC;
    }

    /** Whether this recipient opened, signed or declined: after that, failing over would lose their work. */
    public boolean hasActed() {
        return status == RecipientStatus.VIEWED || status.isTerminal();
    }

    Recipient notified(Instant at) {
        return new Recipient(id, email, name, role, order, phone, fields, RecipientStatus.NOTIFIED, signUrl,
                signUrlExpiresAt, at, viewedAt, signedAt, declinedAt, declineReason);
    }

    Recipient viewed(Instant at) {
        return new Recipient(id, email, name, role, order, phone, fields, RecipientStatus.VIEWED, signUrl,
                signUrlExpiresAt, notifiedAt, at, signedAt, declinedAt, declineReason);
    }

    Recipient signed(Instant at) {
        return new Recipient(id, email, name, role, order, phone, fields, RecipientStatus.SIGNED, signUrl,
                signUrlExpiresAt, notifiedAt, viewedAt, at, declinedAt, declineReason);
    }

    Recipient declined(Instant at, String reason) {
        return new Recipient(id, email, name, role, order, phone, fields, RecipientStatus.DECLINED, signUrl,
                signUrlExpiresAt, notifiedAt, viewedAt, signedAt, at, reason);
    }

    Recipient withSignUrl(String url, Instant expiresAt) {
        return new Recipient(id, email, name, role, order, phone, fields, status, url, expiresAt, notifiedAt,
                viewedAt, signedAt, declinedAt, declineReason);
    }

    /** Back to a fresh invitation, for a failover to another provider (nobody had acted yet). */
    Recipient reset() {
        return draft(id, email, name, role, order, phone, fields);
    }
}
