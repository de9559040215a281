package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code command.send_envelope}: create the envelope at the vendor and invite its recipients; answered by
 * {@code provider.accepted} or {@code provider.failed}.
 *
 * @param message         optional message shown to the recipients
 * @param locale          optional language of vendor pages and emails (BCP 47, for example {@code de})
 * @param documents       the PDFs to sign, in order; the connector fetches their bytes from document-service
 * @param recipients      every recipient, with resolved signing {@code order}
 * @param signatureLevel  the level to sign at (already resolved from the tenant default)
 * @param expiresAt       when the envelope expires, or null for never
 * @param callbackBaseUrl public base URL under which Signport's {@code /callbacks/{provider}/{token}} is reachable,
 *                        or null to use the connector's configured one
 * @param vendorAccount   the tenant's reference to the vendor account (credentials) the connector must use, from the
 *                        tenant's settings; null for the deployment's default account. A name, never a secret.
 * @param frameAncestors  origins (CSP {@code frame-ancestors} sources, e.g. {@code https://app.example.com}) that may
 *                        embed a signing page hosted by Signport in an iframe, from the tenant's settings; empty = none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendEnvelope(
        String commandId,
        String envelopeId,
        String tenantId,
        Mode mode,
        Instant issuedAt,
        String subject,
        String message,
        String locale,
        List<Document> documents,
        List<Recipient> recipients,
        SigningOrder signingOrder,
        SignatureLevel signatureLevel,
        Instant expiresAt,
        String callbackBaseUrl,
        String vendorAccount,
        List<String> frameAncestors) implements ProviderCommand {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "command.send_envelope";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public SendEnvelope {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(subject, "subject");
        documents = List.copyOf(Objects.requireNonNull(documents, "documents"));
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        Objects.requireNonNull(signingOrder, "signingOrder");
        Objects.requireNonNull(signatureLevel, "signatureLevel");
        frameAncestors = frameAncestors == null ? List.of() : List.copyOf(frameAncestors);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("documents must not be empty");
        }
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("recipients must not be empty");
        }
        Set<String> documentIds = documents.stream().map(Document::documentId).collect(Collectors.toSet());
        Set<String> recipientIds = new HashSet<>();
        for (Recipient recipient : recipients) {
            if (!recipientIds.add(recipient.recipientId())) {
                throw new IllegalArgumentException("duplicate recipientId " + recipient.recipientId());
            }
            for (Field field : recipient.fields()) {
                if (!documentIds.contains(field.documentId())) {
                    throw new IllegalArgumentException("field of " + recipient.recipientId()
                            + " refers to " + field.documentId() + " which is not among the documents");
                }
            }
        }
    }

    /** A command for the deployment's default vendor account (no {@code vendorAccount}). */
    public SendEnvelope(String commandId, String envelopeId, String tenantId, Mode mode, Instant issuedAt,
            String subject, String message, String locale, List<Document> documents, List<Recipient> recipients,
            SigningOrder signingOrder, SignatureLevel signatureLevel, Instant expiresAt, String callbackBaseUrl) {
        this(commandId, envelopeId, tenantId, mode, issuedAt, subject, message, locale, documents, recipients,
                signingOrder, signatureLevel, expiresAt, callbackBaseUrl, null, List.of());
    }

    /** A command without embedding origins. */
    public SendEnvelope(String commandId, String envelopeId, String tenantId, Mode mode, Instant issuedAt,
            String subject, String message, String locale, List<Document> documents, List<Recipient> recipients,
            SigningOrder signingOrder, SignatureLevel signatureLevel, Instant expiresAt, String callbackBaseUrl,
            String vendorAccount) {
        this(commandId, envelopeId, tenantId, mode, issuedAt, subject, message, locale, documents, recipients,
                signingOrder, signatureLevel, expiresAt, callbackBaseUrl, vendorAccount, List.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * A document of the envelope.
     *
     * @param documentId {@code doc_…}, readable at document-service's {@code /api/v1/documents/{id}/content}
     * @param sha256     lowercase hex SHA-256 the fetched bytes must match
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Document(String documentId, String name, String sha256, long sizeBytes, int pages) {

        public Document {
            Objects.requireNonNull(documentId, "documentId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sha256, "sha256");
            if (!SHA256_HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 lowercase hex characters");
            }
            if (sizeBytes < 0 || pages < 0) {
                throw new IllegalArgumentException("sizeBytes and pages must not be negative");
            }
        }
    }

    /**
     * A recipient of the envelope.
     *
     * @param recipientId {@code rcp_…}; provider events name recipients by it
     * @param order       1-based signing step; same order = same step (always 1 in PARALLEL)
     * @param phone       E.164 phone number for OTP or SMS, or null
     * @param fields      where the recipient signs or fills in; empty = the provider places the signature
     * @param authentication how the recipient proves who they are beyond the link, or null for the link alone
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(
            String recipientId,
            String email,
            String name,
            RecipientRole role,
            int order,
            String phone,
            List<Field> fields,
            Authentication authentication) {

        public Recipient {
            Objects.requireNonNull(recipientId, "recipientId");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            if (order < 1) {
                throw new IllegalArgumentException("order must be >= 1: " + order);
            }
            fields = fields == null ? List.of() : List.copyOf(fields);
            if (authentication != null && authentication.method() == Authentication.Method.SMS_OTP && phone == null) {
                throw new IllegalArgumentException("SMS_OTP needs the recipient's phone");
            }
        }

        /** A recipient authenticated by the link alone. */
        public Recipient(String recipientId, String email, String name, RecipientRole role, int order, String phone,
                List<Field> fields) {
            this(recipientId, email, name, role, order, phone, fields, null);
        }
    }

    /**
     * A recipient's authentication beyond the signing link.
     *
     * @param method         {@code EMAIL_OTP} (a code mailed to the recipient), {@code SMS_OTP} (a code texted to its
     *                       {@code phone}) or {@code ACCESS_CODE} (a code the sender gives the recipient)
     * @param accessCodeHash for {@code ACCESS_CODE} only: {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} of
     *                       the code; the code itself never leaves envelope-service
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Authentication(Method method, String accessCodeHash) {

        public enum Method { EMAIL_OTP, SMS_OTP, ACCESS_CODE }

        public Authentication {
            Objects.requireNonNull(method, "method");
            if ((method == Method.ACCESS_CODE) != (accessCodeHash != null)) {
                throw new IllegalArgumentException("an access code hash goes with ACCESS_CODE, and only with it");
            }
        }
    }

    /**
     * A field placed either by coordinates or by a text anchor found in the document.
     *
     * @param page   1-based page number (coordinates only)
     * @param x      distance from the page's left edge, in PDF points (1/72 inch)
     * @param y      distance from the page's top edge, in PDF points
     * @param width  width in PDF points, or null for the provider's default
     * @param height height in PDF points, or null for the provider's default
     * @param anchor text in the document at which to place the field, instead of coordinates
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(
            FieldType type,
            String documentId,
            Integer page,
            Double x,
            Double y,
            Double width,
            Double height,
            String anchor) {

        public Field {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(documentId, "documentId");
            boolean byCoordinates = page != null && x != null && y != null;
            if (anchor == null && !byCoordinates) {
                throw new IllegalArgumentException("a field needs either an anchor or page, x and y");
            }
            if (page != null && page < 1) {
                throw new IllegalArgumentException("page must be >= 1: " + page);
            }
        }
    }
}
