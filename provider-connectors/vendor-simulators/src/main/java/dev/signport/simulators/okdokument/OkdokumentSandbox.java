package dev.signport.simulators.okdokument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.simulators.common.CallbackSender;
import dev.signport.simulators.common.CallbackSender.Callback;
import dev.signport.simulators.common.ErrorBodies;
import dev.signport.simulators.common.Pdfs;
import dev.signport.simulators.common.Resettable;
import dev.signport.simulators.common.SimConfig;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.okdokument.OkdokumentDtos.CallbackBody;
import dev.signport.simulators.okdokument.OkdokumentDtos.ControlView;
import dev.signport.simulators.okdokument.OkdokumentDtos.CounterView;
import dev.signport.simulators.okdokument.OkdokumentDtos.CreateRequest;
import dev.signport.simulators.okdokument.OkdokumentDtos.CreateResponse;
import dev.signport.simulators.okdokument.OkdokumentDtos.DocumentContent;
import dev.signport.simulators.okdokument.OkdokumentDtos.DocumentEntry;
import dev.signport.simulators.okdokument.OkdokumentDtos.RequestView;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OKdokument's state and rules: the purchased-request quota, documents and their states
 * ({@code tags|tostamp|tosign → signed | canceled}, {@code signed → errorsendinfo} when the
 * completion callback never got through) and the callback itself.
 */
@ApplicationScoped
public class OkdokumentSandbox implements Resettable {

    static final String SIGNED_MARKER = "Signed-by-okdokument-sim";
    /** Numeric document ids start here, like an account that has been in use for a while. */
    private static final int FIRST_ID = 1000;

    private final Map<String, SignatureRequest> requests = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(FIRST_ID);
    private final Object quotaLock = new Object();
    private int remaining;
    private int used;
    private final SimConfig.Okdokument config;
    private final CallbackSender sender;
    private final ObjectMapper mapper;

    public OkdokumentSandbox(SimConfig config, CallbackSender sender, ObjectMapper mapper) {
        this.config = config.okdokument();
        this.sender = sender;
        this.mapper = mapper;
        reset();
    }

    CreateResponse create(CreateRequest req, String baseUrl) {
        if (req == null) {
            throw bad("INVALID_JSON", "A JSON body is required");
        }
        if (req.filedata() == null || req.filedata().content() == null || req.filedata().content().isBlank()) {
            throw bad("MISSING_FIELD", "filedata.content is required");
        }
        if (req.filedata().filename() == null || req.filedata().filename().isBlank()) {
            throw bad("MISSING_FIELD", "filedata.filename is required");
        }
        if (!isHttpUrl(req.sendInfoURL())) {
            throw bad("INVALID_FIELD", "sendInfoURL must be an absolute http(s) URL");
        }
        if (!isHttpUrl(req.resulturl())) {
            throw bad("INVALID_FIELD", "resulturl must be an absolute http(s) URL");
        }
        State initial = State.TOSIGN;
        if (req.state() != null) {
            initial = State.fromKey(req.state()).filter(State::open)
                    .orElseThrow(() -> bad("INVALID_FIELD", "state must be tags, tostamp or tosign"));
        }
        byte[] pdf = decode(req.filedata().content());
        synchronized (quotaLock) {
            // Only a valid request consumes a purchased signature request.
            if (remaining <= 0) {
                throw SimError.okdokument(402, ErrorBodies.NO_SIGNATURE_REQUESTS, ErrorBodies.NO_SIGNATURE_REQUESTS_MESSAGE);
            }
            remaining--;
            used++;
        }
        SignatureRequest r = new SignatureRequest(UUID.randomUUID().toString(), nextId.getAndIncrement(),
                req.filedata().filename(), pdf, req.resulturl(), req.sendInfoURL(), req.allowedFields(), initial,
                Instant.now());
        requests.put(r.signatureRequestId, r);
        return new CreateResponse(r.signatureRequestId, r.id, openDocumentUrl(baseUrl, r), r.state.key);
    }

    static String openDocumentUrl(String baseUrl, SignatureRequest r) {
        return baseUrl + "/okdokument/openDocument/" + r.signatureRequestId;
    }

    RequestView get(String id) {
        SignatureRequest r = find(id);
        synchronized (r) {
            return r.view();
        }
    }

    ControlView controlView(String id) {
        SignatureRequest r = find(id);
        synchronized (r) {
            return r.controlView();
        }
    }

    /** The original bytes until signed, the signed bytes after. */
    DocumentContent download(String id) {
        SignatureRequest r = find(id);
        synchronized (r) {
            byte[] bytes = r.state.signed() ? r.signed : r.original;
            return new DocumentContent(r.filename, Base64.getEncoder().encodeToString(bytes));
        }
    }

    List<DocumentEntry> list() {
        return requests.values().stream().sorted(Comparator.comparingInt((SignatureRequest r) -> r.id)).map(r -> {
            synchronized (r) {
                return new DocumentEntry(r.signatureRequestId, r.state.key, r.filename);
            }
        }).toList();
    }

    CounterView counter() {
        synchronized (quotaLock) {
            return new CounterView(remaining, used);
        }
    }

    /** Control: the account "buys" (or loses) signature requests. */
    CounterView setRemaining(int newRemaining) {
        if (newRemaining < 0) {
            throw SimError.control(400, "validation_error", "remaining must be ≥ 0");
        }
        synchronized (quotaLock) {
            remaining = newRemaining;
            return new CounterView(remaining, used);
        }
    }

    /** The signer finished; the callback follows in the background. */
    RequestView sign(String id) {
        SignatureRequest r = find(id);
        RequestView result;
        synchronized (r) {
            if (!r.state.open()) {
                throw SimError.okdokument(409, "INVALID_STATE", "Document is " + r.state.key + "; it cannot be signed");
            }
            r.state = State.SIGNED;
            r.signedAt = Instant.now();
            r.signed = Pdfs.signed(r.original, SIGNED_MARKER);
            result = r.view();
        }
        notify(r, State.SIGNED);
        return result;
    }

    /** API delete or signer refusal: the request ends {@code canceled}; repeating it changes nothing. */
    RequestView cancel(String id) {
        SignatureRequest r = find(id);
        RequestView result;
        boolean changed = false;
        synchronized (r) {
            if (r.state.signed()) {
                throw SimError.okdokument(409, "INVALID_STATE", "Document is already signed; it cannot be canceled");
            }
            if (r.state != State.CANCELED) {
                r.state = State.CANCELED;
                r.canceledAt = Instant.now();
                changed = true;
            }
            result = r.view();
        }
        if (changed) {
            notify(r, State.CANCELED);
        }
        return result;
    }

    private void notify(SignatureRequest r, State state) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new CallbackBody(state.key, r.id, r.signatureRequestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise callback", e);
        }
        // No authentication header: OKdokument sends none, the receiver's URL carries its own token.
        sender.send(Vendor.OKDOKUMENT, new Callback(URI.create(r.sendInfoURL), Map.of("Content-Type", "application/json"),
                body), () -> {
                    synchronized (r) {
                        // errorsendinfo means "signed, but we could not tell you"; a cancel stays a cancel.
                        if (r.state == State.SIGNED) {
                            r.state = State.ERRORSENDINFO;
                        }
                    }
                });
    }

    private byte[] decode(String base64) {
        String compact = base64.replaceAll("\\s", "");
        // Refuse by size before decoding: 4 base64 characters carry 3 bytes.
        if ((long) compact.length() / 4 * 3 > config.maxDocumentBytes() + 2) {
            throw bad("FILE_TOO_LARGE", "The document exceeds " + config.maxDocumentBytes() + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw bad("INVALID_FILE", "filedata.content is not valid base64");
        }
        if (bytes.length > config.maxDocumentBytes()) {
            throw bad("FILE_TOO_LARGE", "The document exceeds " + config.maxDocumentBytes() + " bytes");
        }
        if (!Pdfs.isPdf(bytes)) {
            throw bad("INVALID_FILE", "filedata.content is not a PDF");
        }
        return bytes;
    }

    private SignatureRequest find(String id) {
        SignatureRequest r = requests.get(id);
        if (r == null) {
            throw SimError.okdokument(404, "NOT_FOUND", "No signature request " + id);
        }
        return r;
    }

    private static SimError bad(String code, String message) {
        return SimError.okdokument(400, code, message);
    }

    private static boolean isHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void reset() {
        requests.clear();
        nextId.set(FIRST_ID);
        synchronized (quotaLock) {
            remaining = config.quota();
            used = 0;
        }
    }
}
