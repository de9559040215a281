package dev.signport.signer.store;

import java.time.Instant;
import java.util.List;

/** What the signer's tables hold, as read by {@link SigningStore}. */
public final class Rows {

    private Rows() {
    }

    public record Envelope(String id, String tenantId, String mode, String subject, String message, String locale,
            String signingOrder, String signatureLevel, String state, Instant stateAt, String reason, int currentStep,
            Instant expiresAt, List<String> frameAncestors, String callbackTokenSealed) {

        public boolean inProgress() {
            return "IN_PROGRESS".equals(state);
        }

        public boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    /** A document; {@code content} is null when it was not asked for. */
    public record Document(String envelopeId, int position, String documentId, String name, int pages,
            String originalSha256, String currentSha256, byte[] content) {}

    /** Where a signer's visible signature goes in one document (top-left origin, points). */
    public record Field(String documentId, int page, double x, double y, double width, double height) {}

    public record Session(String id, String envelopeId, String recipientId, String email, String name, String phone,
            String role, int step, List<Field> fields, String tokenSealed, String authMethod, String accessCodeHash,
            String otpHash, Instant otpExpiresAt, Instant otpSentAt, int otpSends, int authFailures,
            String authGrantHash, Instant authGrantUntil, String state, Instant stateAt, Instant viewedAt,
            String declineReason, String viewEvidence, String evidence) {

        public boolean finished() {
            return "SIGNED".equals(state) || "DECLINED".equals(state);
        }

        public boolean invited() {
            return !"PENDING".equals(state);
        }
    }
}
