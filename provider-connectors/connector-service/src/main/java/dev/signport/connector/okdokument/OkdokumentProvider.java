package dev.signport.connector.okdokument;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OKdokument: one purchased "signature request" per envelope, created with the PDF in base64
 * ({@code filedata}), {@code sendInfoURL} = the envelope's tokenised callback URL (OKdokument calls it
 * without any authentication, so the token is all that routes it, and the body is never trusted) and
 * {@code resulturl} = the same URL's {@code /result} page. The signer signs in a browser at
 * {@code …/openDocument/{signatureRequestId}}, which is the one signing link.
 *
 * <p>What the vendor cannot do is refused before any call: one document (one file per request), one
 * signer, SES, at most 10 MB. A 402 means the account has no signature request left: a non-retryable
 * {@code QUOTA_EXHAUSTED} failure, and the capabilities show the quota at 0 until a probe of the counter
 * sees it refilled. OKdokument has no "declined" state: a request canceled without Signport asking is
 * the signer refusing it, reported as declined.
 *
 * <p>Idempotency (OKdokument has no idempotency key and its list shows only id, state and file name): a
 * create whose answer was lost is looked up among open requests with the same file name before it is
 * tried again. Two envelopes sending a same-named file that both lose a create answer at the same moment
 * could confuse each other; nothing else can.
 */
@ApplicationScoped
@LookupIfProperty(name = "signport.connector.provider", stringValue = Providers.OKDOKUMENT)
public class OkdokumentProvider implements SignatureProvider {

    static final long MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;
    private static final Features FEATURES = new Features(List.of(SignatureLevel.SES), false, false, false, false,
            false, List.of(), MAX_DOCUMENT_BYTES, true);

    private final OkdokumentApi api;
    private final String key;
    private final VendorGuard guard;
    private final ObjectMapper mapper;
    private final String openDocumentBase;

    public OkdokumentProvider(OkdokumentConfig config, VendorGuards guards, ObjectMapper mapper) {
        this.key = config.apiKey().filter(k -> !k.isBlank()).orElseThrow(() -> new IllegalStateException(
                "signport.connector.okdokument.api-key (SIGNPORT_OKDOKUMENT_API_KEY) is required to serve okdokument"));
        this.mapper = mapper;
        this.guard = guards.of(Providers.OKDOKUMENT);
        String base = config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/";
        this.openDocumentBase = base + "openDocument/";
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(config.baseUrl()))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(5, TimeUnit.MINUTES).disableDefaultMapper(true).build(OkdokumentApi.class);
    }

    @Override
    public String name() {
        return Providers.OKDOKUMENT;
    }

    @Override
    public Features features() {
        return FEATURES;
    }

    @Override
    public Uni<Accepted> send(OutgoingEnvelope out, SendProgress progress) {
        SendEnvelope command = out.command();
        SendEnvelope.Recipient signer = refuseUnsupported(command, out.documents());
        DocumentBytes document = out.documents().get(0);
        Optional<String> known = progress.get("request");
        Uni<OkdokumentDtos.CreateResponse> created;
        if (known.isPresent()) {
            created = Uni.createFrom().item(new OkdokumentDtos.CreateResponse(known.get(), progress.get("url").orElse(null), null));
        } else {
            // An earlier attempt may have created it and lost the answer.
            Uni<OkdokumentDtos.CreateResponse> earlier = progress.resumed()
                    ? guard.call("list", () -> findOpen(document.name())) : Uni.createFrom().nullItem();
            created = earlier.chain(found -> found != null ? Uni.createFrom().item(found) : create(out, document))
                    .call(r -> progress.putAll(java.util.Map.of("request", r.signatureRequestId(), "url", r.url()),
                            java.util.Map.<String, String>of()));
        }
        return created.map(r -> {
            List<Accepted.Recipient> recipients = new ArrayList<>();
            for (SendEnvelope.Recipient rcp : command.recipients()) {
                boolean isSigner = rcp.recipientId().equals(signer.recipientId());
                recipients.add(new Accepted.Recipient(rcp.recipientId(), isSigner ? r.signatureRequestId() : null,
                        isSigner ? r.url() : null, null));
            }
            return new Accepted(r.signatureRequestId(), recipients);
        });
    }

    /** The one signer, or a refusal naming what OKdokument cannot do. */
    private static SendEnvelope.Recipient refuseUnsupported(SendEnvelope command, List<DocumentBytes> documents) {
        if (command.signatureLevel() != SignatureLevel.SES) {
            throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "OKdokument signs at level SES only, not "
                    + command.signatureLevel(), null);
        }
        if (documents.size() != 1) {
            throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "An OKdokument signature request holds one document; "
                    + "this envelope has " + documents.size(), null);
        }
        if (documents.get(0).bytes().length > MAX_DOCUMENT_BYTES) {
            throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "Document " + documents.get(0).documentId()
                    + " is larger than OKdokument's 10 MB limit (" + documents.get(0).bytes().length + " bytes)", null);
        }
        List<SendEnvelope.Recipient> signers = command.recipients().stream().filter(r -> r.role() == RecipientRole.SIGNER)
                .toList();
        if (signers.size() != 1 || command.recipients().stream().anyMatch(r -> r.role() == RecipientRole.APPROVER)) {
            throw new EnvelopeRefused(FailureCode.UNSUPPORTED, "OKdokument supports exactly one signer and no approver; "
                    + "this envelope has " + signers.size() + " signer(s)", null);
        }
        return signers.get(0);
    }

    private Uni<OkdokumentDtos.CreateResponse> create(OutgoingEnvelope out, DocumentBytes document) {
        OkdokumentDtos.CreateRequest body = new OkdokumentDtos.CreateRequest(out.callbackUrl() + "/result",
                new OkdokumentDtos.FileData(Base64.getEncoder().encodeToString(document.bytes()), document.name()),
                out.callbackUrl());
        AtomicInteger attempts = new AtomicInteger();
        return guard.call("create-request", () -> {
                    // After a timeout the vendor may have created it all the same: look before creating again.
                    Uni<OkdokumentDtos.CreateResponse> before = attempts.getAndIncrement() == 0
                            ? Uni.createFrom().nullItem() : findOpen(document.name());
                    return before.chain(found -> found != null ? Uni.createFrom().item(found)
                            : api.create(key, body).map(r -> read(r, "create-request", OkdokumentDtos.CreateResponse.class)));
                })
                .onFailure(e -> e instanceof VendorException v && v.status() == 402).transform(e -> {
                    VendorException v = (VendorException) e;
                    return new EnvelopeRefused(FailureCode.QUOTA_EXHAUSTED, "The OKdokument account has no signature "
                            + "requests left; buy more to send again" + (v.vendorMessage() == null ? "" : " ("
                            + v.vendorMessage() + ")"), v.vendorCode() != null ? v.vendorCode() : "HTTP 402");
                });
    }

    /** Unguarded (runs inside a guarded attempt): the newest open request with this file name, or null. */
    private Uni<OkdokumentDtos.CreateResponse> findOpen(String filename) {
        return api.list(key).map(r -> read(r, "list", OkdokumentDtos.DocumentList.class)).map(list -> {
            OkdokumentDtos.DocumentEntry match = null;
            for (OkdokumentDtos.DocumentEntry e : list.documents() == null ? List.<OkdokumentDtos.DocumentEntry>of()
                    : list.documents()) {
                if (filename.equals(e.filename()) && isOpen(e.state())) {
                    match = e;
                }
            }
            // The list does not give the signing link; it is openDocument/{id} next to the JSON API.
            return match == null ? null : new OkdokumentDtos.CreateResponse(match.signatureRequestId(),
                    openDocumentBase + match.signatureRequestId(), match.state());
        });
    }

    private static boolean isOpen(String state) {
        return "tags".equals(state) || "tostamp".equals(state) || "tosign".equals(state);
    }

    @Override
    public Uni<Void> cancel(VendorRef ref, String reason) {
        Optional<String> id = requestId(ref);
        if (id.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return guard.call("delete-request", () -> api.delete(key, id.get()).map(r -> read(r, "delete-request", String.class)))
                .onFailure(e -> e instanceof VendorException v && v.status() == 404).recoverWithNull()
                .replaceWithVoid();
    }

    @Override
    public Uni<VendorStatus> status(VendorRef ref) {
        String id = requestId(ref).orElseThrow(() -> new IllegalStateException("No OKdokument request for " + ref.envelopeId()));
        return guard.call("get-request", () -> api.get(key, id).map(r -> read(r, "get-request", OkdokumentDtos.RequestView.class)))
                .map(view -> status(view, ref));
    }

    static VendorStatus status(OkdokumentDtos.RequestView view, VendorRef ref) {
        String signer = ref.recipientRefs().entrySet().stream().filter(e -> e.getValue().equals(view.signatureRequestId()))
                .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
        String state = view.state() == null ? "" : view.state();
        switch (state) {
            case "signed", "errorsendinfo" -> {
                // errorsendinfo: signed, but OKdokument could not call us back.
                return new VendorStatus(EnvelopeState.COMPLETED, view.signedAt(), null, signer == null ? List.of()
                        : List.of(new VendorStatus.RecipientStatus(signer, RecipientState.SIGNED, view.signedAt(), null)));
            }
            case "canceled" -> {
                String reason = "Canceled at OKdokument without Signport asking: the signer refused to sign";
                return new VendorStatus(EnvelopeState.DECLINED, view.canceledAt(), reason, signer == null ? List.of()
                        : List.of(new VendorStatus.RecipientStatus(signer, RecipientState.DECLINED, view.canceledAt(), reason)));
            }
            default -> {
                // tags, tostamp, tosign, and any state OKdokument adds later: still open.
                return new VendorStatus(EnvelopeState.IN_PROGRESS, null, null, signer == null ? List.of()
                        : List.of(new VendorStatus.RecipientStatus(signer, RecipientState.NOTIFIED, null, null)));
            }
        }
    }

    @Override
    public Uni<byte[]> download(VendorRef ref) {
        String id = requestId(ref).orElseThrow(() -> new IllegalStateException("No OKdokument request for " + ref.envelopeId()));
        return guard.call("download", () -> api.document(key, id)
                .map(r -> read(r, "download", OkdokumentDtos.DocumentContent.class)))
                .map(d -> Base64.getMimeDecoder().decode(d.content()));
    }

    /** OKdokument signs nothing: the per-envelope token is what routed it here, and the body is not used. */
    @Override
    public CallbackVerdict verifyCallback(VendorRef ref, InboundCallback callback) {
        return CallbackVerdict.RELEVANT;
    }

    @Override
    public Uni<Void> release(VendorRef ref) {
        // A refused send may have left an open request behind (it used up a signature request already).
        return ref.externalId() == null && ref.checkpoints().has("request") ? cancel(ref, null) : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Probe> probe() {
        return guard.call("counter", () -> api.counter(key).map(r -> read(r, "counter", OkdokumentDtos.Counter.class)))
                .map(c -> new Probe(c.remaining()));
    }

    private static Optional<String> requestId(VendorRef ref) {
        return ref.externalId() != null ? Optional.of(ref.externalId()) : ref.checkpoints().get("request");
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
            OkdokumentDtos.ErrorBody e = mapper.readValue(body, OkdokumentDtos.ErrorBody.class);
            return new VendorResponses.VendorError(e.errorCode(), e.message());
        } catch (java.io.IOException e) {
            return new VendorResponses.VendorError(null, body);
        }
    }
}
