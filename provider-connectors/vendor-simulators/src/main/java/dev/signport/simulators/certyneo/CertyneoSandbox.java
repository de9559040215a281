package dev.signport.simulators.certyneo;

import dev.signport.simulators.certyneo.CertyneoDtos.ControlView;
import dev.signport.simulators.certyneo.CertyneoDtos.DocumentView;
import dev.signport.simulators.certyneo.CertyneoDtos.EnvelopeRequest;
import dev.signport.simulators.certyneo.CertyneoDtos.EnvelopeView;
import dev.signport.simulators.certyneo.CertyneoDtos.RecipientRequest;
import dev.signport.simulators.certyneo.CertyneoDtos.RecipientView;
import dev.signport.simulators.certyneo.Model.Document;
import dev.signport.simulators.certyneo.Model.EnvelopeStatus;
import dev.signport.simulators.certyneo.Model.RecipientStatus;
import dev.signport.simulators.certyneo.Model.Role;
import dev.signport.simulators.certyneo.Model.SigningOrder;
import dev.signport.simulators.common.Ids;
import dev.signport.simulators.common.Pdfs;
import dev.signport.simulators.common.Resettable;
import dev.signport.simulators.common.SimConfig;
import dev.signport.simulators.common.SimError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Certyneo's state and rules: documents, envelopes and their state machine
 * (envelope DRAFT → SENT → COMPLETED | DECLINED | VOIDED | EXPIRED; recipient PENDING → SENT →
 * VIEWED → SIGNED | DECLINED). Every transition of an envelope happens under its lock; the
 * resulting webhook events are queued after it is released.
 */
@ApplicationScoped
public class CertyneoSandbox implements Resettable {

    static final String SIGNED_MARKER = "Signed-by-certyneo-sim";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, Envelope> envelopes = new ConcurrentHashMap<>();
    /** Sign-link token → envelope id. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final CertyneoWebhooks webhooks;
    private final long maxDocumentBytes;

    /** A webhook event decided under the envelope lock, published after it. */
    private record Event(String name, EnvelopeView envelope, RecipientView recipient) {
    }

    public CertyneoSandbox(CertyneoWebhooks webhooks, SimConfig config) {
        this.webhooks = webhooks;
        this.maxDocumentBytes = config.certyneo().maxDocumentBytes();
    }

    // ---- documents

    DocumentView upload(String name, String contentType, byte[] bytes) {
        if (bytes.length > maxDocumentBytes) {
            throw SimError.certyneo(422, "file_too_large", "The file exceeds " + maxDocumentBytes + " bytes");
        }
        if (!Pdfs.isPdf(bytes)) {
            throw SimError.certyneo(422, "not_a_pdf", "The file is not a PDF");
        }
        Document d = new Document(Ids.id("cdoc_"), name == null || name.isBlank() ? "document.pdf" : name,
                "application/pdf", bytes, Instant.now());
        documents.put(d.id(), d);
        return view(d);
    }

    List<DocumentView> documents() {
        return documents.values().stream().sorted(Comparator.comparing(Document::createdAt)).map(this::view).toList();
    }

    DocumentView document(String id) {
        return view(findDocument(id));
    }

    void deleteDocument(String id) {
        findDocument(id);
        for (Envelope e : envelopes.values()) {
            synchronized (e) {
                if (e.status == EnvelopeStatus.SENT && e.documentIds.contains(id)) {
                    throw SimError.certyneo(409, "document_in_use", "Document " + id + " is used by sent envelope " + e.id);
                }
            }
        }
        documents.remove(id);
    }

    // ---- envelopes

    EnvelopeView create(EnvelopeRequest request) {
        if (request == null) {
            throw SimError.certyneo(400, "invalid_json", "A JSON body is required");
        }
        Envelope e = new Envelope(Ids.id("cenv_"), Instant.now());
        apply(e, request, true);
        Event created;
        synchronized (e) {
            e.log(e.createdAt, "created by the API");
            created = new Event("envelope.created", e.view(), null);
        }
        envelopes.put(e.id, e);
        publish(List.of(created));
        return created.envelope();
    }

    List<EnvelopeView> envelopes() {
        return envelopes.values().stream().sorted(Comparator.comparing((Envelope e) -> e.createdAt))
                .map(e -> {
                    synchronized (e) {
                        return e.view();
                    }
                }).toList();
    }

    EnvelopeView envelope(String id) {
        Envelope e = findEnvelope(id);
        synchronized (e) {
            return e.view();
        }
    }

    ControlView controlView(String id) {
        Envelope e = findEnvelope(id);
        synchronized (e) {
            return new ControlView(e.view(), List.copyOf(e.history));
        }
    }

    EnvelopeView update(String id, EnvelopeRequest request) {
        if (request == null) {
            throw SimError.certyneo(400, "invalid_json", "A JSON body is required");
        }
        Envelope e = findEnvelope(id);
        synchronized (e) {
            requireStatus(e, EnvelopeStatus.DRAFT, "Only a DRAFT envelope can be updated");
            apply(e, request, false);
            e.log(Instant.now(), "updated by the API");
            return e.view();
        }
    }

    /** DELETE: a DRAFT is deleted (empty result), a SENT envelope is voided; a finished one cannot change. */
    Optional<EnvelopeView> deleteOrVoid(String id) {
        Envelope e = findEnvelope(id);
        List<Event> events = new ArrayList<>();
        EnvelopeView result;
        synchronized (e) {
            if (e.status == EnvelopeStatus.DRAFT) {
                envelopes.remove(id);
                return Optional.empty();
            }
            requireStatus(e, EnvelopeStatus.SENT, "Envelope is " + e.status + "; it can no longer be voided");
            Instant now = Instant.now();
            e.status = EnvelopeStatus.VOIDED;
            e.voidedAt = now;
            e.log(now, "voided by the API");
            result = e.view();
            events.add(new Event("envelope.voided", result, null));
        }
        publish(events);
        return Optional.of(result);
    }

    EnvelopeView send(String id, String baseUrl) {
        Envelope e = findEnvelope(id);
        List<Event> events = new ArrayList<>();
        EnvelopeView result;
        synchronized (e) {
            requireStatus(e, EnvelopeStatus.DRAFT, "Envelope is " + e.status + "; only a DRAFT can be sent");
            List<Document> docs = new ArrayList<>();
            for (String docId : e.documentIds) {
                Document d = documents.get(docId);
                if (d == null) {
                    throw SimError.certyneo(422, "unknown_document", "Document " + docId + " no longer exists");
                }
                docs.add(d);
            }
            Instant now = Instant.now();
            e.sentDocuments = List.copyOf(docs);
            e.status = EnvelopeStatus.SENT;
            e.sentAt = now;
            boolean firstSignerSeen = false;
            for (Recipient r : e.recipients) {
                if (r.role == Role.CC) {
                    r.status = RecipientStatus.SENT;
                    continue;
                }
                // Every signer gets a link now; in SEQUENTIAL order only the first one is invited yet.
                r.signUrl = baseUrl + "/certyneo/sign/" + r.token;
                tokens.put(r.token, e.id);
                if (e.signingOrder == SigningOrder.PARALLEL || !firstSignerSeen) {
                    r.status = RecipientStatus.SENT;
                }
                firstSignerSeen = true;
            }
            e.log(now, "sent to " + e.recipients.size() + " recipient(s)");
            result = e.view();
            events.add(new Event("envelope.sent", result, null));
        }
        publish(events);
        return result;
    }

    /** The signed PDF (first document) of a COMPLETED envelope. */
    Document signedDocument(String id) {
        Envelope e = findEnvelope(id);
        synchronized (e) {
            requireStatus(e, EnvelopeStatus.COMPLETED, "Envelope is " + e.status + "; the signed document exists once COMPLETED");
            Document original = e.sentDocuments.get(0);
            String name = original.name().toLowerCase(Locale.ROOT).endsWith(".pdf")
                    ? original.name().substring(0, original.name().length() - 4) + "-signed.pdf"
                    : original.name() + "-signed.pdf";
            return new Document(original.id(), name, "application/pdf", Pdfs.signed(original.bytes(), SIGNED_MARKER),
                    e.completedAt);
        }
    }

    byte[] auditTrail(String id) {
        Envelope e = findEnvelope(id);
        synchronized (e) {
            List<String> lines = new ArrayList<>();
            lines.add("Certyneo (simulator) audit trail");
            lines.add("Envelope " + e.id + ": " + e.subject);
            lines.add("Status " + e.status);
            lines.add("");
            lines.addAll(e.history);
            return Pdfs.textPage(lines);
        }
    }

    // ---- signer actions (control API and sign page)

    EnvelopeView view(String envelopeId, String email) {
        return act(findEnvelope(envelopeId), email, Action.VIEW, null);
    }

    EnvelopeView sign(String envelopeId, String email) {
        return act(findEnvelope(envelopeId), email, Action.SIGN, null);
    }

    EnvelopeView decline(String envelopeId, String email, String reason) {
        return act(findEnvelope(envelopeId), email, Action.DECLINE, reason);
    }

    /** The envelope behind a sign link, if the token is known. */
    Optional<String> envelopeIdForToken(String token) {
        return Optional.ofNullable(tokens.get(token)).filter(envelopes::containsKey);
    }

    /** The recipient's email behind a sign link. */
    Optional<String> emailForToken(String envelopeId, String token) {
        Envelope e = envelopes.get(envelopeId);
        if (e == null) {
            return Optional.empty();
        }
        synchronized (e) {
            return e.recipients.stream().filter(r -> token.equals(r.token)).map(r -> r.email).findFirst();
        }
    }

    EnvelopeView expire(String envelopeId) {
        Envelope e = findEnvelope(envelopeId);
        List<Event> events = new ArrayList<>();
        EnvelopeView result;
        synchronized (e) {
            requireStatus(e, EnvelopeStatus.SENT, "Envelope is " + e.status + "; only a SENT envelope can expire");
            Instant now = Instant.now();
            e.status = EnvelopeStatus.EXPIRED;
            e.expiredAt = now;
            e.log(now, "expired");
            result = e.view();
            events.add(new Event("envelope.expired", result, null));
        }
        publish(events);
        return result;
    }

    private enum Action {
        VIEW, SIGN, DECLINE
    }

    private EnvelopeView act(Envelope e, String email, Action action, String reason) {
        List<Event> events = new ArrayList<>();
        EnvelopeView result;
        synchronized (e) {
            requireStatus(e, EnvelopeStatus.SENT, "Envelope is " + e.status + "; signers can act only while it is SENT");
            Recipient r = e.recipients.stream().filter(x -> x.email.equalsIgnoreCase(email)).findFirst()
                    .orElseThrow(() -> SimError.certyneo(404, "not_found", "No recipient " + email + " on " + e.id));
            if (r.role != Role.SIGNER) {
                throw SimError.certyneo(409, "not_a_signer", r.email + " is " + r.role + ", not a SIGNER");
            }
            if (r.status == RecipientStatus.PENDING) {
                throw SimError.certyneo(409, "not_your_turn", r.email + " signs after the previous signers (SEQUENTIAL)");
            }
            if (r.status == RecipientStatus.SIGNED || r.status == RecipientStatus.DECLINED) {
                throw SimError.certyneo(409, "invalid_state", r.email + " has already " + r.status);
            }
            Instant now = Instant.now();
            switch (action) {
                case VIEW -> {
                    if (r.status == RecipientStatus.SENT) {
                        r.status = RecipientStatus.VIEWED;
                        r.viewedAt = now;
                        e.log(now, r.email + " viewed");
                        events.add(new Event("recipient.viewed", e.view(), r.view()));
                    }
                }
                case SIGN -> {
                    r.status = RecipientStatus.SIGNED;
                    r.signedAt = now;
                    e.log(now, r.email + " signed");
                    inviteNextSigner(e);
                    events.add(new Event("recipient.signed", e.view(), r.view()));
                    boolean allSigned = e.recipients.stream()
                            .allMatch(x -> x.role != Role.SIGNER || x.status == RecipientStatus.SIGNED);
                    if (allSigned) {
                        e.status = EnvelopeStatus.COMPLETED;
                        e.completedAt = now;
                        e.log(now, "completed");
                        events.add(new Event("envelope.completed", e.view(), null));
                    }
                }
                case DECLINE -> {
                    r.status = RecipientStatus.DECLINED;
                    r.declinedAt = now;
                    r.declineReason = reason;
                    e.status = EnvelopeStatus.DECLINED;
                    e.declinedAt = now;
                    e.log(now, r.email + " declined" + (reason == null ? "" : ": " + reason));
                    events.add(new Event("recipient.declined", e.view(), r.view()));
                    events.add(new Event("envelope.declined", e.view(), r.view()));
                }
            }
            result = e.view();
        }
        publish(events);
        return result;
    }

    /** SEQUENTIAL: once the current signer has signed, the next pending signer is invited. */
    private static void inviteNextSigner(Envelope e) {
        if (e.signingOrder != SigningOrder.SEQUENTIAL) {
            return;
        }
        for (Recipient x : e.recipients) {
            if (x.role == Role.SIGNER && x.status == RecipientStatus.PENDING) {
                x.status = RecipientStatus.SENT;
                return;
            }
        }
    }

    // ---- helpers

    /** Validates a create (all fields required) or PATCH (absent fields kept) body and applies it. */
    private void apply(Envelope e, EnvelopeRequest req, boolean create) {
        String subject = req.subject() != null ? req.subject() : (create ? null : e.subject);
        if (subject == null || subject.isBlank()) {
            throw SimError.certyneo(422, "validation_error", "subject is required");
        }
        List<String> documentIds = req.documentIds() != null ? req.documentIds() : (create ? null : e.documentIds);
        if (documentIds == null || documentIds.isEmpty()) {
            throw SimError.certyneo(422, "validation_error", "documentIds must name at least one document");
        }
        for (String id : documentIds) {
            if (id == null || !documents.containsKey(id)) {
                throw SimError.certyneo(422, "unknown_document", "Unknown document " + id);
            }
        }
        SigningOrder order;
        String orderName = req.signingOrder();
        if (orderName == null) {
            order = create ? SigningOrder.PARALLEL : e.signingOrder;
        } else {
            try {
                order = SigningOrder.valueOf(orderName);
            } catch (IllegalArgumentException ex) {
                throw SimError.certyneo(422, "validation_error", "signingOrder must be PARALLEL or SEQUENTIAL");
            }
        }
        List<Recipient> recipients = e.recipients;
        if (req.recipients() != null || create) {
            recipients = recipients(req.recipients());
        }
        e.subject = subject;
        e.message = req.message() != null ? req.message() : e.message;
        e.documentIds = List.copyOf(documentIds);
        e.signingOrder = order;
        e.recipients = recipients;
    }

    private static List<Recipient> recipients(List<RecipientRequest> requested) {
        if (requested == null || requested.isEmpty()) {
            throw SimError.certyneo(422, "validation_error", "recipients must list at least one recipient");
        }
        List<Recipient> out = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        for (RecipientRequest r : requested) {
            if (r == null || r.email() == null || !EMAIL.matcher(r.email()).matches()) {
                throw SimError.certyneo(422, "validation_error", "Each recipient needs a valid email");
            }
            if (r.name() == null || r.name().isBlank()) {
                throw SimError.certyneo(422, "validation_error", "Recipient " + r.email() + " needs a name");
            }
            if (!emails.add(r.email().toLowerCase(Locale.ROOT))) {
                throw SimError.certyneo(422, "validation_error", "Recipient " + r.email() + " is listed twice");
            }
            Role role;
            try {
                role = r.role() == null ? Role.SIGNER : Role.valueOf(r.role());
            } catch (IllegalArgumentException ex) {
                throw SimError.certyneo(422, "validation_error", "role must be SIGNER or CC");
            }
            out.add(new Recipient(Ids.id("crcp_"), r.email(), r.name(), role, Ids.secret("")));
        }
        if (out.stream().noneMatch(r -> r.role == Role.SIGNER)) {
            throw SimError.certyneo(422, "no_signer", "An envelope needs at least one SIGNER");
        }
        return out;
    }

    private static void requireStatus(Envelope e, EnvelopeStatus expected, String message) {
        if (e.status != expected) {
            throw SimError.certyneo(409, "invalid_state", message);
        }
    }

    private Document findDocument(String id) {
        Document d = documents.get(id);
        if (d == null) {
            throw SimError.certyneo(404, "not_found", "No document " + id);
        }
        return d;
    }

    private Envelope findEnvelope(String id) {
        Envelope e = envelopes.get(id);
        if (e == null) {
            throw SimError.certyneo(404, "not_found", "No envelope " + id);
        }
        return e;
    }

    private DocumentView view(Document d) {
        return new DocumentView(d.id(), d.name(), d.bytes().length, d.contentType(), d.createdAt());
    }

    private void publish(List<Event> events) {
        for (Event ev : events) {
            webhooks.publish(ev.name(), ev.envelope(), ev.recipient());
        }
    }

    @Override
    public void reset() {
        documents.clear();
        envelopes.clear();
        tokens.clear();
    }
}
