package dev.signport.connector.certyneo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.connector.certyneo.CertyneoDtos.DocumentView;
import dev.signport.connector.certyneo.CertyneoDtos.EnvelopeList;
import dev.signport.connector.certyneo.CertyneoDtos.EnvelopeView;
import dev.signport.connector.certyneo.CertyneoDtos.RecipientView;
import dev.signport.connector.certyneo.CertyneoDtos.WebhookList;
import dev.signport.connector.certyneo.CertyneoDtos.WebhookView;
import dev.signport.connector.core.client.VendorResponses;
import dev.signport.connector.core.resilience.VendorGuard;
import dev.signport.connector.core.resilience.VendorGuards;
import dev.signport.connector.core.spi.Accepted;
import dev.signport.connector.core.spi.CallbackVerdict;
import dev.signport.connector.core.spi.EnvelopeRefused;
import dev.signport.connector.core.spi.Features;
import dev.signport.connector.core.spi.InboundCallback;
import dev.signport.connector.core.spi.OutgoingEnvelope;
import dev.signport.connector.core.spi.OutgoingEnvelope.DocumentBytes;
import dev.signport.connector.core.spi.Probe;
import dev.signport.connector.core.spi.SendProgress;
import dev.signport.connector.core.spi.SignatureProvider;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.connector.core.spi.VendorRef;
import dev.signport.connector.core.spi.VendorStatus;
import dev.signport.connector.core.spi.VendorStatus.EnvelopeState;
import dev.signport.connector.core.spi.VendorStatus.RecipientState;
import dev.signport.contracts.Providers;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.SendEnvelope;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * Certyneo API v1: upload each PDF (multipart), create the envelope (DRAFT), register a webhook for the
 * envelope's callback URL, send; {@code signUrl}s come back in the send answer. Webhooks are checked
 * with their HMAC ({@code X-Certyneo-Signature: sha256=<hex>}) and only trigger a status re-read.
 *
 * <p>Certyneo's webhooks belong to the account, not to an envelope: each envelope registers its own (so
 * that its URL carries its own token and the command's {@code callbackBaseUrl} is honoured) and deletes
 * it when the envelope ends. Every registered webhook receives every event of the account, so a
 * delivery about another envelope is acknowledged and ignored — the cost grows with the number of
 * envelopes in flight; see the README for the per-account alternative.
 *
 * <p>Idempotency (Certyneo has no idempotency key): uploaded document ids, the envelope id and the webhook
 * (id and secret) are recorded as they come back; a create whose answer may have been lost (a timeout,
 * or a resumed send) is looked up by its document ids — unique to this send — before it is tried again;
 * a send answered 409 was already done; on a resumed send, webhooks to the envelope's URL whose secret
 * was never recorded are deleted before registering again.
 */
@ApplicationScoped
@LookupIfProperty(name = "signport.connector.provider", stringValue = Providers.CERTYNEO)
public class CertyneoProvider implements SignatureProvider {

    static final long MAX_DOCUMENT_BYTES = 25L * 1024 * 1024;
    /** What a webhook of ours listens to: every change of an envelope after it was sent. */
    static final List<String> EVENTS = List.of("recipient.viewed", "recipient.signed", "recipient.declined",
            "envelope.completed", "envelope.declined", "envelope.voided", "envelope.expired");
    static final String SIGNATURE_HEADER = "X-Certyneo-Signature";

    private static final Features FEATURES = new Features(List.of(SignatureLevel.SES), true, true, false, false,
            false, List.of(), MAX_DOCUMENT_BYTES, true);

    private final CertyneoApi api;
    private final String auth;
    private final VendorGuard guard;
    private final ObjectMapper mapper;

    public CertyneoProvider(CertyneoConfig config, VendorGuards guards, ObjectMapper mapper) {
        String key = config.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "signport.connector.certyneo.api-key (SIGNPORT_CERTYNEO_API_KEY) is required to serve certyneo"));
        this.auth = "Bearer " + key;
        this.mapper = mapper;
        this.guard = guards.of(Providers.CERTYNEO);
        // The guard's timeout bounds each attempt; the client's own read timeout is only a backstop.
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.baseUrl()))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(5, TimeUnit.MINUTES).disableDefaultMapper(true).build(CertyneoApi.class);
    }

    @Override
    public String name() {
        return Providers.CERTYNEO;
    }

    @Override
    public Features features() {
        return FEATURES;
    }

    // ---- send

    @Override
    public Uni<Accepted> send(OutgoingEnvelope out, SendProgress progress) {
        SendEnvelope command = out.command();
        refuseUnsupported(command, out.documents());
        // Certyneo orders signers by their position in the list (SEQUENTIAL); ours carry an explicit order.
        List<SendEnvelope.Recipient> ordered = command.recipients().stream()
                .sorted(Comparator.comparingInt(SendEnvelope.Recipient::order)).toList();
        return uploadAll(out.documents(), progress)
                .chain(documentIds -> envelope(command, ordered, documentIds, progress))
                .call(envelopeId -> webhook(out.callbackUrl(), progress))
                .chain(this::dispatch)
                .map(view -> accepted(view, ordered));
    }

    private static void refuseUnsupported(SendEnvelope command, List<DocumentBytes> documents) {
        if (command.signatureLevel() != SignatureLevel.SES) {
            throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "Certyneo signs at level SES only, not "
                    + command.signatureLevel(), null);
        }
        for (SendEnvelope.Recipient r : command.recipients()) {
            if (r.role() == RecipientRole.APPROVER) {
                throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "Certyneo has no APPROVER role (recipient "
                        + r.recipientId() + ")", null);
            }
        }
        for (DocumentBytes d : documents) {
            if (d.bytes().length > MAX_DOCUMENT_BYTES) {
                throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "Document " + d.documentId() + " is larger than "
                        + "Certyneo's 25 MB limit", null);
            }
        }
    }

    private Uni<List<String>> uploadAll(List<DocumentBytes> documents, SendProgress progress) {
        Uni<List<String>> chain = Uni.createFrom().item(new ArrayList<>());
        for (int i = 0; i < documents.size(); i++) {
            String key = "doc." + i;
            DocumentBytes d = documents.get(i);
            chain = chain.chain(ids -> progress.get(key).map(id -> Uni.createFrom().item(id))
                    .orElseGet(() -> guard.call("upload-document", () -> api.upload(auth, ClientMultipartForm.create()
                                            .binaryFileUpload("file", d.name(), Buffer.buffer(d.bytes()), "application/pdf"))
                                    .map(r -> read(r, "upload-document", DocumentView.class).id()))
                            .call(id -> progress.put(key, id)))
                    .map(id -> {
                        ids.add(id);
                        return ids;
                    }));
        }
        return chain;
    }

    private Uni<String> envelope(SendEnvelope command, List<SendEnvelope.Recipient> ordered, List<String> documentIds,
            SendProgress progress) {
        Optional<String> known = progress.get("envelope");
        if (known.isPresent()) {
            return Uni.createFrom().item(known.get());
        }
        // An earlier attempt may have created it and lost the answer: our document ids are unique to this send.
        Uni<EnvelopeView> earlier = progress.resumed()
                ? guard.call("list-envelopes", () -> findByDocuments(documentIds)) : Uni.createFrom().nullItem();
        return earlier.chain(found -> found != null ? Uni.createFrom().item(found.id())
                        : create(command, ordered, documentIds))
                .call(id -> progress.put("envelope", id));
    }

    private Uni<String> create(SendEnvelope command, List<SendEnvelope.Recipient> ordered, List<String> documentIds) {
        CertyneoDtos.EnvelopeRequest body = new CertyneoDtos.EnvelopeRequest(command.subject(), documentIds,
                ordered.stream().map(r -> new CertyneoDtos.RecipientRequest(r.email(), r.name(), r.role().name())).toList(),
                command.signingOrder().name(), command.message());
        AtomicInteger attempts = new AtomicInteger();
        return guard.call("create-envelope", () -> {
            // After a timeout the vendor may have created it all the same: look before creating again.
            Uni<EnvelopeView> before = attempts.getAndIncrement() == 0 ? Uni.createFrom().nullItem()
                    : findByDocuments(documentIds);
            return before.chain(found -> found != null ? Uni.createFrom().item(found)
                    : api.createEnvelope(auth, body).map(r -> read(r, "create-envelope", EnvelopeView.class)));
        }).map(EnvelopeView::id);
    }

    private Uni<EnvelopeView> findByDocuments(List<String> documentIds) {
        return api.listEnvelopes(auth).map(r -> read(r, "list-envelopes", EnvelopeList.class)).map(list -> {
            if (list.data() == null) {
                return null;
            }
            return list.data().stream().filter(e -> documentIds.equals(e.documentIds())).findFirst().orElse(null);
        });
    }

    private Uni<Void> webhook(String callbackUrl, SendProgress progress) {
        if (progress.has("webhook")) {
            return Uni.createFrom().voidItem();
        }
        CertyneoDtos.WebhookRequest body = new CertyneoDtos.WebhookRequest(callbackUrl, EVENTS);
        AtomicInteger attempts = new AtomicInteger();
        // A registration whose secret an earlier attempt never recorded could not be verified: remove it first.
        Uni<Void> leftovers = progress.resumed() ? deleteWebhooksTo(callbackUrl) : Uni.createFrom().voidItem();
        return leftovers
                .chain(() -> guard.call("create-webhook", () -> (attempts.getAndIncrement() == 0
                                ? Uni.createFrom().voidItem() : removeWebhooksTo(callbackUrl))
                        .chain(() -> api.createWebhook(auth, body)).map(r -> read(r, "create-webhook", WebhookView.class))))
                .call(w -> progress.putAll(Map.of("webhook", w.id()), Map.of("webhook.secret", w.secret())))
                .replaceWithVoid();
    }

    private Uni<Void> deleteWebhooksTo(String url) {
        return guard.call("list-webhooks", () -> removeWebhooksTo(url));
    }

    /** Unguarded: runs inside a guarded attempt. */
    private Uni<Void> removeWebhooksTo(String url) {
        return api.listWebhooks(auth).map(r -> read(r, "list-webhooks", WebhookList.class))
                .chain(list -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (WebhookView w : list.data() == null ? List.<WebhookView>of() : list.data()) {
                        if (url.equals(w.url())) {
                            chain = chain.chain(() -> api.deleteWebhook(auth, w.id()).invoke(Response::close).replaceWithVoid());
                        }
                    }
                    return chain;
                });
    }

    /** The last step; not recorded: repeating it is answered 409 (no longer a DRAFT) and then read back. */
    private Uni<EnvelopeView> dispatch(String envelopeId) {
        return guard.call("send-envelope", () -> api.send(auth, envelopeId).map(r -> read(r, "send-envelope", EnvelopeView.class)))
                // 409: no longer a DRAFT, i.e. an earlier attempt did send it and its answer was lost.
                .onFailure(e -> e instanceof VendorException v && v.status() == 409).recoverWithUni(() -> get(envelopeId));
    }

    private Uni<EnvelopeView> get(String envelopeId) {
        return guard.call("get-envelope", () -> api.envelope(auth, envelopeId).map(r -> read(r, "get-envelope", EnvelopeView.class)));
    }

    private static Accepted accepted(EnvelopeView view, List<SendEnvelope.Recipient> ordered) {
        Map<String, RecipientView> byEmail = new HashMap<>();
        for (RecipientView r : view.recipientsOrEmpty()) {
            if (r.email() != null) {
                byEmail.put(r.email().toLowerCase(Locale.ROOT), r);
            }
        }
        List<Accepted.Recipient> recipients = new ArrayList<>();
        for (SendEnvelope.Recipient r : ordered) {
            RecipientView v = byEmail.get(r.email().toLowerCase(Locale.ROOT));
            recipients.add(new Accepted.Recipient(r.recipientId(), v == null ? null : v.id(), v == null ? null : v.signUrl(), null));
        }
        return new Accepted(view.id(), recipients);
    }

    // ---- after sending

    @Override
    public Uni<Void> cancel(VendorRef ref, String reason) {
        Optional<String> id = envelopeId(ref);
        if (id.isEmpty()) {
            return Uni.createFrom().voidItem(); // never created at Certyneo
        }
        // DELETE voids a SENT envelope and deletes a DRAFT; gone already (404) is as good.
        return guard.call("void-envelope", () -> api.deleteOrVoid(auth, id.get()).map(r -> read(r, "void-envelope", String.class)))
                .onFailure(e -> e instanceof VendorException v && v.status() == 404).recoverWithNull()
                .replaceWithVoid();
    }

    @Override
    public Uni<VendorStatus> status(VendorRef ref) {
        String id = envelopeId(ref).orElseThrow(() -> new IllegalStateException("No Certyneo envelope for " + ref.envelopeId()));
        return get(id).map(view -> status(view, ref));
    }

    static VendorStatus status(EnvelopeView view, VendorRef ref) {
        Map<String, String> byVendorId = new HashMap<>();
        ref.recipientRefs().forEach((recipientId, vendorId) -> byVendorId.put(vendorId, recipientId));
        List<VendorStatus.RecipientStatus> recipients = new ArrayList<>();
        String declineReason = null;
        for (RecipientView r : view.recipientsOrEmpty()) {
            String recipientId = byVendorId.get(r.id());
            if (recipientId == null) {
                continue;
            }
            RecipientState state = recipientState(r.status());
            java.time.Instant at = switch (state) {
                case VIEWED -> r.viewedAt();
                case SIGNED -> r.signedAt();
                case DECLINED -> r.declinedAt();
                default -> null;
            };
            if (state == RecipientState.DECLINED) {
                declineReason = r.declineReason();
            }
            recipients.add(new VendorStatus.RecipientStatus(recipientId, state, at,
                    state == RecipientState.DECLINED ? r.declineReason() : null));
        }
        String status = view.status() == null ? "" : view.status();
        return switch (status) {
            case "COMPLETED" -> new VendorStatus(EnvelopeState.COMPLETED, view.completedAt(), null, recipients);
            case "DECLINED" -> new VendorStatus(EnvelopeState.DECLINED, view.declinedAt(), declineReason, recipients);
            case "VOIDED" -> new VendorStatus(EnvelopeState.CANCELLED, view.voidedAt(), "Voided at Certyneo", recipients);
            case "EXPIRED" -> new VendorStatus(EnvelopeState.EXPIRED, view.expiredAt(), null, recipients);
            // DRAFT, SENT and anything newer Certyneo may add: still going.
            default -> new VendorStatus(EnvelopeState.IN_PROGRESS, null, null, recipients);
        };
    }

    private static RecipientState recipientState(String status) {
        if (status == null) {
            return RecipientState.PENDING;
        }
        return switch (status) {
            case "SENT" -> RecipientState.NOTIFIED;
            case "VIEWED" -> RecipientState.VIEWED;
            case "SIGNED" -> RecipientState.SIGNED;
            case "DECLINED" -> RecipientState.DECLINED;
            default -> RecipientState.PENDING;
        };
    }

    @Override
    public Uni<byte[]> download(VendorRef ref) {
        String id = envelopeId(ref).orElseThrow(() -> new IllegalStateException("No Certyneo envelope for " + ref.envelopeId()));
        return guard.call("signed-document", () -> api.signedDocument(auth, id)
                .map(r -> read(r, "signed-document", byte[].class)));
    }

    @Override
    public CallbackVerdict verifyCallback(VendorRef ref, InboundCallback callback) {
        Optional<String> secret = ref.checkpoints().secret("webhook.secret");
        String header = callback.header(SIGNATURE_HEADER);
        if (secret.isEmpty() || header == null || !header.startsWith("sha256=")) {
            return CallbackVerdict.FORGED;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            return CallbackVerdict.FORGED;
        }
        if (!MessageDigest.isEqual(hmac(secret.get(), callback.body()), presented)) {
            return CallbackVerdict.FORGED;
        }
        String about;
        try {
            about = mapper.readValue(callback.body(), CertyneoDtos.WebhookEvent.class).envelopeId();
        } catch (java.io.IOException e) {
            return CallbackVerdict.RELEVANT; // authentic but unreadable: a re-read costs little
        }
        return envelopeId(ref).map(id -> id.equals(about)).orElse(false) ? CallbackVerdict.RELEVANT
                : CallbackVerdict.IRRELEVANT;
    }

    /** Hex HMAC-SHA256 of the raw body, keyed with the webhook secret's UTF-8 bytes. */
    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public Uni<Void> release(VendorRef ref) {
        Uni<Void> webhook = ref.checkpoints().get("webhook")
                .map(id -> guard.call("delete-webhook", () -> api.deleteWebhook(auth, id).map(r -> read(r, "delete-webhook", String.class)))
                        .onFailure(e -> e instanceof VendorException v && v.status() == 404).recoverWithNull()
                        .replaceWithVoid())
                .orElse(Uni.createFrom().voidItem());
        // A refused send may have left a DRAFT behind; a DRAFT never reached anyone, delete it (and only a DRAFT).
        Optional<String> draft = ref.externalId() == null ? ref.checkpoints().get("envelope") : Optional.empty();
        if (draft.isEmpty()) {
            return webhook;
        }
        return webhook.chain(() -> get(draft.get()))
                .chain(view -> "DRAFT".equals(view.status()) ? cancel(ref, null) : Uni.createFrom().voidItem());
    }

    @Override
    public Uni<Probe> probe() {
        return guard.call("list-webhooks", () -> api.listWebhooks(auth).map(r -> {
            read(r, "list-webhooks", String.class);
            return Probe.ok();
        }));
    }

    private static Optional<String> envelopeId(VendorRef ref) {
        return ref.externalId() != null ? Optional.of(ref.externalId()) : ref.checkpoints().get("envelope");
    }

    private <T> T read(Response response, String operation, Class<T> type) {
        try {
            Response ok = VendorResponses.expect2xx(operation, response, this::error);
            return ok.hasEntity() || type != String.class ? ok.readEntity(type) : null;
        } finally {
            response.close();
        }
    }

    private VendorResponses.VendorError error(String body) {
        try {
            CertyneoDtos.ErrorBody e = mapper.readValue(body, CertyneoDtos.ErrorBody.class);
            return e.error() == null ? new VendorResponses.VendorError(null, body)
                    : new VendorResponses.VendorError(e.error().code(), e.error().message());
        } catch (java.io.IOException e) {
            return new VendorResponses.VendorError(null, body);
        }
    }
}
