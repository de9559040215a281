package dev.signport.contracts;

import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.document.DocumentDeleted;
import dev.signport.contracts.document.DocumentKind;
import dev.signport.contracts.document.DocumentStored;
import dev.signport.contracts.document.DocumentUploaded;
import dev.signport.contracts.envelope.EnvelopeCancelled;
import dev.signport.contracts.envelope.EnvelopeDeleted;
import dev.signport.contracts.envelope.EnvelopeUpdated;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeCreated;
import dev.signport.contracts.envelope.EnvelopeDeclined;
import dev.signport.contracts.envelope.EnvelopeExpired;
import dev.signport.contracts.envelope.EnvelopeFailed;
import dev.signport.contracts.envelope.EnvelopeProviderChanged;
import dev.signport.contracts.envelope.EnvelopeSent;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientDeclined;
import dev.signport.contracts.envelope.RecipientNotified;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.RecipientSigned;
import dev.signport.contracts.envelope.RecipientSummary;
import dev.signport.contracts.envelope.RecipientViewed;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.CancelEnvelope;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCancelled;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderDeclined;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.ProviderRecipientDeclined;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.contracts.provider.ProviderRecipientViewed;
import dev.signport.contracts.provider.RefreshStatus;
import dev.signport.contracts.provider.RemindRecipients;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.contracts.provider.SigningEvidence;
import dev.signport.contracts.webhook.DisabledReason;
import dev.signport.contracts.webhook.WebhookEndpointDisabled;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One realistic instance of every record put on a topic. The JSON examples of EVENTS.md must equal their
 * serialisation (EventsDocTest), so the documentation shows exactly what the tests round-trip.
 */
public final class Samples {

    public static final String TENANT = "ten_8QzL2mRw";
    public static final String ENVELOPE = "env_3fK9xQ2LpZ";
    public static final String ALICE = "rcp_Vb7Tn1Qe";
    public static final String BOB = "rcp_Wc8Uo2Rf";
    public static final String CONTRACT = "doc_Pd4Hs8Kw";
    public static final String SIGNED = "doc_Sg5Jt9Lx";
    public static final String AUDIT = "doc_At6Ku0My";
    public static final String CONTRACT_SHA256 = "096d13eda09b562b3eaa39836d9d553d25c07a1d4877f59445bd0b0ed77a9745";
    public static final String SIGNED_SHA256 = "4a3cdfae6f291c8f544daea5b72905cf9e74c1ed427d831ad0d7ca00c73c794d";
    public static final String EXTERNAL_ID = "ctn_55120";
    public static final Map<String, String> METADATA = Map.of("crmDealId", "D-1042");

    public static final Instant CREATED = Instant.parse("2025-03-04T10:15:30Z");
    public static final Instant SENT = Instant.parse("2025-03-04T10:16:02Z");
    public static final Instant EXPIRES = Instant.parse("2025-04-03T10:15:30Z");

    private Samples() {
    }

    // --- signport.envelope-events.v1 ---

    public static final EnvelopeCreated ENVELOPE_CREATED = new EnvelopeCreated(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.DRAFT, CREATED,
            "Employment contract", Providers.CERTYNEO, List.of(Providers.OKDOKUMENT),
            SigningOrder.SEQUENTIAL, SignatureLevel.AES, List.of(CONTRACT),
            List.of(new RecipientSummary(ALICE, "alice@example.com", "Alice Martin", RecipientRole.SIGNER, 1),
                    new RecipientSummary(BOB, "bob@example.com", "Bob Keller", RecipientRole.SIGNER, 2)),
            EXPIRES, METADATA);

    public static final EnvelopeUpdated ENVELOPE_UPDATED = new EnvelopeUpdated(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.DRAFT, Instant.parse("2025-03-04T10:15:50Z"),
            "Employment contract (v2)", Providers.CERTYNEO, List.of(Providers.OKDOKUMENT),
            SigningOrder.SEQUENTIAL, SignatureLevel.AES, List.of(CONTRACT),
            List.of(new RecipientSummary(ALICE, "alice@example.com", "Alice Martin", RecipientRole.SIGNER, 1),
                    new RecipientSummary(BOB, "bob@example.com", "Bob Keller", RecipientRole.SIGNER, 2)),
            EXPIRES, METADATA);

    public static final EnvelopeDeleted ENVELOPE_DELETED = new EnvelopeDeleted(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.DRAFT, Instant.parse("2025-03-04T10:15:55Z"),
            List.of(CONTRACT), METADATA);

    public static final EnvelopeSent ENVELOPE_SENT = new EnvelopeSent(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.SENT, SENT, Providers.CERTYNEO, EXPIRES, METADATA);

    public static final EnvelopeCompleted ENVELOPE_COMPLETED = new EnvelopeCompleted(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.COMPLETED, Instant.parse("2025-03-05T08:41:12Z"),
            Providers.CERTYNEO, SIGNED, AUDIT, METADATA);

    public static final EnvelopeDeclined ENVELOPE_DECLINED = new EnvelopeDeclined(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.DECLINED, Instant.parse("2025-03-05T09:02:44Z"),
            Providers.CERTYNEO, BOB, "Salary is wrong", METADATA);

    public static final EnvelopeCancelled ENVELOPE_CANCELLED = new EnvelopeCancelled(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.CANCELLED, Instant.parse("2025-03-04T15:00:00Z"),
            Providers.CERTYNEO, "Cancelled through the API", METADATA);

    public static final EnvelopeExpired ENVELOPE_EXPIRED = new EnvelopeExpired(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.EXPIRED, Instant.parse("2025-04-03T10:15:31Z"),
            Providers.CERTYNEO, EXPIRES, METADATA);

    public static final EnvelopeFailed ENVELOPE_FAILED = new EnvelopeFailed(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.FAILED, Instant.parse("2025-03-04T10:21:09Z"),
            Providers.OKDOKUMENT, FailureCode.QUOTA_EXHAUSTED,
            "okdokument has no signature requests left and no fallback provider remains", METADATA);

    public static final EnvelopeProviderChanged ENVELOPE_PROVIDER_CHANGED = new EnvelopeProviderChanged(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.SENDING, Instant.parse("2025-03-04T10:20:40Z"),
            Providers.CERTYNEO, Providers.OKDOKUMENT, FailureCode.PROVIDER_UNAVAILABLE,
            "certyneo did not accept the envelope within 5 minutes", 2, METADATA);

    public static final RecipientNotified RECIPIENT_NOTIFIED = new RecipientNotified(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.SENT, Instant.parse("2025-03-04T10:16:03Z"),
            ALICE, "alice@example.com", "Alice Martin", false, METADATA);

    public static final RecipientViewed RECIPIENT_VIEWED = new RecipientViewed(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.SENT, Instant.parse("2025-03-04T11:02:17Z"),
            ALICE, "alice@example.com", "Alice Martin", METADATA);

    public static final RecipientSigned RECIPIENT_SIGNED = new RecipientSigned(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.PARTIALLY_SIGNED, Instant.parse("2025-03-04T11:04:50Z"),
            ALICE, "alice@example.com", "Alice Martin", METADATA);

    public static final RecipientDeclined RECIPIENT_DECLINED = new RecipientDeclined(
            ENVELOPE, TENANT, Mode.LIVE, EnvelopeStatus.PARTIALLY_SIGNED, Instant.parse("2025-03-05T09:02:43Z"),
            BOB, "bob@example.com", "Bob Keller", "Salary is wrong", METADATA);

    // --- signport.document-events.v1 ---

    public static final DocumentUploaded DOCUMENT_UPLOADED = new DocumentUploaded(
            CONTRACT, TENANT, Instant.parse("2025-03-04T10:14:58Z"), "contract.pdf", 48213, 3, CONTRACT_SHA256);

    public static final DocumentStored DOCUMENT_STORED = new DocumentStored(
            SIGNED, TENANT, Instant.parse("2025-03-05T08:41:10Z"), DocumentKind.SIGNED, ENVELOPE,
            "contract-signed.pdf", 61877, 3, SIGNED_SHA256);

    public static final DocumentDeleted DOCUMENT_DELETED = new DocumentDeleted(
            CONTRACT, TENANT, Instant.parse("2025-06-01T00:00:00Z"));

    // --- signport.provider.<provider>.commands.v1 ---

    public static final SendEnvelope SEND_ENVELOPE = new SendEnvelope(
            "cmd_Zx81Lk3P", ENVELOPE, TENANT, Mode.LIVE, Instant.parse("2025-03-04T10:16:00Z"),
            "Employment contract", "Please sign your contract by Friday.", "de",
            List.of(new SendEnvelope.Document(CONTRACT, "contract.pdf", CONTRACT_SHA256, 48213, 3)),
            List.of(new SendEnvelope.Recipient(ALICE, "alice@example.com", "Alice Martin", RecipientRole.SIGNER, 1,
                            "+41791234567",
                            List.of(new SendEnvelope.Field(FieldType.SIGNATURE, CONTRACT, 3, 72.0, 640.0, 180.0, 48.0,
                                    null)),
                            new SendEnvelope.Authentication(SendEnvelope.Authentication.Method.SMS_OTP, null)),
                    new SendEnvelope.Recipient(BOB, "bob@example.com", "Bob Keller", RecipientRole.SIGNER, 2, null,
                            List.of(new SendEnvelope.Field(FieldType.SIGNATURE, CONTRACT, null, null, null, null,
                                    null, "{{signature:employer}}")))),
            SigningOrder.SEQUENTIAL, SignatureLevel.AES, EXPIRES, "https://sign.example.com", "acme-certyneo",
            List.of("https://crm.example.com"));

    public static final CancelEnvelope CANCEL_ENVELOPE = new CancelEnvelope(
            "cmd_Ca72Mn4Q", ENVELOPE, TENANT, Mode.LIVE, Instant.parse("2025-03-04T15:00:00Z"), EXTERNAL_ID,
            "Cancelled through the API");

    public static final RefreshStatus REFRESH_STATUS = new RefreshStatus(
            "cmd_Rf63Bv5W", ENVELOPE, TENANT, Mode.LIVE, Instant.parse("2025-03-04T12:00:00Z"), EXTERNAL_ID);

    public static final RemindRecipients REMIND_RECIPIENTS = new RemindRecipients(
            "cmd_Rm54Xc6E", ENVELOPE, TENANT, Mode.LIVE, Instant.parse("2025-03-06T09:00:00Z"), EXTERNAL_ID,
            List.of(BOB));

    // --- signport.provider-events.v1 ---

    public static final ProviderAccepted PROVIDER_ACCEPTED = new ProviderAccepted(
            ENVELOPE, TENANT, Providers.CERTYNEO, EXTERNAL_ID, "cmd_Zx81Lk3P", Instant.parse("2025-03-04T10:16:01Z"),
            List.of(new ProviderAccepted.SignUrl(ALICE, "https://app.certyneo.example/sign/7d1e0c", EXPIRES),
                    new ProviderAccepted.SignUrl(BOB, "https://app.certyneo.example/sign/93ab4f", EXPIRES)));

    public static final ProviderRecipientViewed PROVIDER_RECIPIENT_VIEWED = new ProviderRecipientViewed(
            ENVELOPE, TENANT, Providers.CERTYNEO, EXTERNAL_ID, null, Instant.parse("2025-03-04T11:02:17Z"), ALICE);

    public static final ProviderRecipientSigned PROVIDER_RECIPIENT_SIGNED = new ProviderRecipientSigned(
            ENVELOPE, TENANT, Providers.LOCAL, ENVELOPE, null, Instant.parse("2025-03-04T11:04:50Z"), ALICE,
            new SigningEvidence("203.0.113.7", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)", "SMS_OTP",
                    "I have read the document and sign it electronically.",
                    List.of(new SigningEvidence.DocumentHash(CONTRACT, CONTRACT_SHA256,
                            "5f1c0a3e6b2d4f8e9a7c1b3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f"))));

    public static final ProviderRecipientDeclined PROVIDER_RECIPIENT_DECLINED = new ProviderRecipientDeclined(
            ENVELOPE, TENANT, Providers.CERTYNEO, EXTERNAL_ID, null, Instant.parse("2025-03-05T09:02:43Z"), BOB,
            "Salary is wrong");

    public static final ProviderCompleted PROVIDER_COMPLETED = new ProviderCompleted(
            ENVELOPE, TENANT, Providers.CERTYNEO, EXTERNAL_ID, null, Instant.parse("2025-03-05T08:41:11Z"),
            SIGNED, AUDIT);

    public static final ProviderDeclined PROVIDER_DECLINED = new ProviderDeclined(
            ENVELOPE, TENANT, Providers.CERTYNEO, EXTERNAL_ID, null, Instant.parse("2025-03-05T09:02:43Z"), BOB,
            "Salary is wrong");

    public static final ProviderCancelled PROVIDER_CANCELLED = new ProviderCancelled(
            ENVELOPE, TENANT, Providers.CERTYNEO, EXTERNAL_ID, "cmd_Ca72Mn4Q", Instant.parse("2025-03-04T15:00:02Z"),
            "Cancelled through the API");

    public static final ProviderFailed PROVIDER_FAILED = new ProviderFailed(
            ENVELOPE, TENANT, Providers.OKDOKUMENT, null, "cmd_Qk90Ds7R", Instant.parse("2025-03-04T10:21:08Z"),
            false, FailureCode.QUOTA_EXHAUSTED, "No signature request left on the account", "HTTP 402");

    // --- compacted topics ---

    public static final ApiKeyRecord API_KEY = new ApiKeyRecord(
            "key_Mn3Bv7Cx", TENANT, "4b4090ccee1e713c3d411b96a4226b90bd0f0deb34e02d19475a951316fd04ee", Mode.TEST,
            "CI pipeline", Instant.parse("2025-02-01T08:00:00Z"), false, null);

    public static final ProviderCapabilities PROVIDER_CAPABILITIES = new ProviderCapabilities(
            Providers.CERTYNEO, List.of(SignatureLevel.SES, SignatureLevel.AES), true, true, false, true, true,
            List.of(FieldType.SIGNATURE, FieldType.INITIALS, FieldType.DATE, FieldType.TEXT, FieldType.CHECKBOX),
            26_214_400, true, null, null, Instant.parse("2025-03-04T10:15:00Z"));

    // --- signport.webhook-events.v1 ---

    public static final WebhookEndpointDisabled WEBHOOK_ENDPOINT_DISABLED = new WebhookEndpointDisabled(
            "wh_Qr2Ty6Ui", TENANT, Instant.parse("2025-03-08T02:10:00Z"), "https://crm.example.com/hooks/signport",
            DisabledReason.REPEATED_FAILURES, Instant.parse("2025-03-05T02:00:00Z"), 503, "503 Service Unavailable");

    /** Every sample, in documentation order. */
    public static List<Object> all() {
        return List.of(
                ENVELOPE_CREATED, ENVELOPE_UPDATED, ENVELOPE_DELETED, ENVELOPE_SENT, ENVELOPE_COMPLETED, ENVELOPE_DECLINED, ENVELOPE_CANCELLED,
                ENVELOPE_EXPIRED, ENVELOPE_FAILED, ENVELOPE_PROVIDER_CHANGED,
                RECIPIENT_NOTIFIED, RECIPIENT_VIEWED, RECIPIENT_SIGNED, RECIPIENT_DECLINED,
                DOCUMENT_UPLOADED, DOCUMENT_STORED, DOCUMENT_DELETED,
                SEND_ENVELOPE, CANCEL_ENVELOPE, REFRESH_STATUS, REMIND_RECIPIENTS,
                PROVIDER_ACCEPTED, PROVIDER_RECIPIENT_VIEWED, PROVIDER_RECIPIENT_SIGNED, PROVIDER_RECIPIENT_DECLINED,
                PROVIDER_COMPLETED, PROVIDER_DECLINED, PROVIDER_CANCELLED, PROVIDER_FAILED,
                API_KEY, PROVIDER_CAPABILITIES, WEBHOOK_ENDPOINT_DISABLED);
    }

    /** The sample of each record class. */
    public static Map<Class<?>, Object> byClass() {
        return all().stream().collect(Collectors.toMap(Object::getClass, Function.identity(),
                (a, b) -> { throw new IllegalStateException("two samples of " + a.getClass()); },
                LinkedHashMap::new));
    }
}
