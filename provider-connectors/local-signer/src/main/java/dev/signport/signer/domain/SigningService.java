package dev.signport.signer.domain;

import dev.signport.connector.core.domain.SecretBox;
import dev.signport.connector.core.spi.Accepted;
import dev.signport.connector.core.spi.EnvelopeRefused;
import dev.signport.connector.core.spi.OutgoingEnvelope;
import dev.signport.connector.core.spi.VendorStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.contracts.provider.SigningEvidence;
import dev.signport.pades.Appearance;
import dev.signport.pades.DocumentRejectedException;
import dev.signport.pades.PadesException;
import dev.signport.pades.PadesSigner;
import dev.signport.pades.PdfPages;
import dev.signport.pades.Placement;
import dev.signport.pades.SignRequest;
import dev.signport.pades.SignResult;
import dev.signport.platform.id.Ids;
import dev.signport.signer.config.SignerConfig;
import dev.signport.signer.render.PdfWork;
import dev.signport.signer.store.Rows;
import dev.signport.signer.store.SigningStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The built-in signer's rules: what a send creates, what a signer may do with a link, how a signature is added and
 * when the envelope is complete. Every change runs in one transaction that locks the envelope row, so concurrent
 * signers of a PARALLEL envelope add their signatures one after the other, each as an incremental revision over the
 * previous one; the mails a change causes are queued in the same transaction (nothing sent for a change that rolled
 * back, nothing lost for one that committed).
 */
@ApplicationScoped
public class SigningService {

    private static final Logger LOG = Logger.getLogger(SigningService.class);
    /** Fields are shown and signed at this size when the envelope gives none. */
    static final double DEFAULT_FIELD_WIDTH = 180;
    static final double DEFAULT_FIELD_HEIGHT = 60;
    /** Pages checked for hostile content at send; beyond it pages are checked when first rendered. */
    private static final int PAGES_CHECKED_AT_SEND = 500;

    /** What the page gets told about a link that cannot be used, and the HTTP status for it. */
    public static class LinkProblem extends RuntimeException {
        public final int status;
        public final String title;

        public LinkProblem(int status, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.title = title;
        }
    }

    /** Who is acting on the page, as the request shows it. */
    public record Client(String ip, String userAgent) {}

    /** A drawn or typed signature from the page. */
    public record SignatureInput(String type, String text, byte[] png) {}

    /** A signer's view of its link. */
    public record View(Rows.Envelope envelope, Rows.Session session, List<Rows.Document> documents,
            List<Rows.Session> all, boolean authRequired, boolean authenticated, String consentText) {}

    private final SigningStore store;
    private final SecretBox secrets;
    private final SignerConfig config;
    private final PdfWork work;
    private final SigningKeys keys;

    public SigningService(SigningStore store, SecretBox secrets, SignerConfig config, PdfWork work, SigningKeys keys) {
        this.store = store;
        this.secrets = secrets;
        this.config = config;
        this.work = work;
        this.keys = keys;
    }

    public String signUrl(String token) {
        String base = config.publicUrl().endsWith("/") ? config.publicUrl().substring(0, config.publicUrl().length() - 1)
                : config.publicUrl();
        return base + "/sign/local/" + token;
    }

    // --- send -----------------------------------------------------------------------------------------

    /**
     * Creates the envelope's signing sessions and invites the first step; a repeated call for the same envelope
     * (a redelivered or resumed command) returns what the first one created, same links included.
     */
    public Accepted accept(OutgoingEnvelope outgoing, String callbackToken) {
        SendEnvelope command = outgoing.command();
        Accepted existing = store.inTransaction(c -> existing(c, command.envelopeId()));
        if (existing != null) {
            return existing;
        }
        // Outside any transaction: parse every document on the bulkhead, refuse hostile ones, place the fields.
        Map<String, Integer> pages = new HashMap<>();
        Map<String, List<Rows.Field>> fields = new HashMap<>();
        for (OutgoingEnvelope.DocumentBytes doc : outgoing.documents()) {
            pages.put(doc.documentId(), inspect(doc, command, fields));
        }
        Instant now = Instant.now();
        Instant expires = command.expiresAt() != null ? command.expiresAt() : now.plus(config.linkTtl());
        int firstStep = command.recipients().stream().mapToInt(SendEnvelope.Recipient::order).min().orElse(1);
        try {
            return store.inTransaction(c -> {
                Accepted again = existing(c, command.envelopeId());
                if (again != null) {
                    return again;
                }
                store.insertEnvelope(c, new Rows.Envelope(command.envelopeId(), command.tenantId(),
                        command.mode().name(), command.subject(), command.message(), command.locale(),
                        command.signingOrder().name(), command.signatureLevel().name(), "IN_PROGRESS", now, null,
                        firstStep, expires, command.frameAncestors(), secrets.seal(callbackToken)), now);
                int position = 0;
                for (OutgoingEnvelope.DocumentBytes doc : outgoing.documents()) {
                    String sha = PadesSigner.sha256Hex(doc.bytes());
                    store.insertDocument(c, new Rows.Document(command.envelopeId(), position++, doc.documentId(),
                            doc.name(), pages.get(doc.documentId()), sha, sha, doc.bytes()));
                }
                List<Accepted.Recipient> recipients = new ArrayList<>();
                for (SendEnvelope.Recipient r : command.recipients()) {
                    String token = Secrets.token();
                    boolean invited = r.order() == firstStep;
                    SendEnvelope.Authentication auth = r.authentication();
                    String sessionId = Ids.newId("ses");
                    store.insertSession(c, new Rows.Session(sessionId, command.envelopeId(), r.recipientId(),
                            r.email(), r.name(), r.phone(), r.role().name(), r.order(),
                            fields.getOrDefault(r.recipientId(), List.of()), secrets.seal(token),
                            auth == null ? null : auth.method().name(), auth == null ? null : auth.accessCodeHash(),
                            null, null, null, 0, 0, null, null, invited ? "NOTIFIED" : "PENDING", now, null, null,
                            null, null), Secrets.sha256(token));
                    if (invited) {
                        store.queueMail(c, command.envelopeId(), sessionId, "INVITATION", null, now);
                    }
                    recipients.add(new Accepted.Recipient(r.recipientId(), sessionId, signUrl(token), expires));
                }
                store.event(c, command.envelopeId(), null, now, "envelope.accepted", null, null,
                        command.recipients().size() + " recipient(s), " + command.signingOrder());
                return new Accepted(command.envelopeId(), recipients);
            });
        } catch (IllegalStateException e) {
            // Two replicas racing on the same command: the loser reads what the winner created.
            Accepted winner = store.inTransaction(c -> existing(c, command.envelopeId()));
            if (winner != null) {
                return winner;
            }
            throw e;
        }
    }

    private Accepted existing(Connection c, String envelopeId) throws SQLException {
        Rows.Envelope e = store.envelope(c, envelopeId, false);
        if (e == null) {
            return null;
        }
        List<Accepted.Recipient> recipients = new ArrayList<>();
        for (Rows.Session s : store.sessions(c, envelopeId)) {
            recipients.add(new Accepted.Recipient(s.recipientId(), s.id(), signUrl(secrets.open(s.tokenSealed())),
                    e.expiresAt()));
        }
        return new Accepted(envelopeId, recipients);
    }

    /** Checks a document's pages within the budget and resolves its fields; returns its page count. */
    private int inspect(OutgoingEnvelope.DocumentBytes doc, SendEnvelope command, Map<String, List<Rows.Field>> out) {
        try {
            return work.run("checking " + doc.name(), () -> {
                try (PdfPages pdf = PdfPages.open(doc.bytes(), work.limits(), work.budget())) {
                    for (int p = 1; p <= Math.min(pdf.count(), PAGES_CHECKED_AT_SEND); p++) {
                        pdf.guard(p);
                    }
                    for (SendEnvelope.Recipient r : command.recipients()) {
                        for (SendEnvelope.Field f : r.fields()) {
                            if (!f.documentId().equals(doc.documentId()) || f.type() != FieldType.SIGNATURE) {
                                continue;
                            }
                            out.computeIfAbsent(r.recipientId(), k -> new ArrayList<>()).add(place(pdf, f, doc));
                        }
                    }
                    return pdf.count();
                }
            });
        } catch (DocumentRejectedException e) {
            throw new EnvelopeRefused(FailureCode.PROVIDER_REJECTED, "document " + doc.name() + " ("
                    + doc.documentId() + ") cannot be signed here: " + e.getMessage(), "DOCUMENT_REJECTED");
        } catch (PdfWork.Busy e) {
            throw new IllegalStateException("the signer is busy; the command is retried", e);
        }
    }

    private static Rows.Field place(PdfPages pdf, SendEnvelope.Field f, OutgoingEnvelope.DocumentBytes doc) {
        double width = f.width() != null ? f.width() : DEFAULT_FIELD_WIDTH;
        double height = f.height() != null ? f.height() : DEFAULT_FIELD_HEIGHT;
        if (f.anchor() != null) {
            List<PdfPages.AnchorHit> hits = pdf.find(f.anchor());
            if (hits.isEmpty()) {
                throw new DocumentRejectedException("the anchor text \"" + f.anchor() + "\" is not in the document");
            }
            PdfPages.AnchorHit hit = hits.get(0);
            // The signature starts where the anchor text starts, its top at the text's top.
            return new Rows.Field(doc.documentId(), hit.page(), hit.x(), hit.y(), width, height);
        }
        if (f.page() > pdf.count()) {
            throw new DocumentRejectedException("a field is on page " + f.page() + " of a " + pdf.count()
                    + "-page document");
        }
        return new Rows.Field(doc.documentId(), f.page(), f.x(), f.y(), width, height);
    }

    // --- what the vendor side of the SPI reads ----------------------------------------------------------

    public VendorStatus status(String envelopeId) {
        return store.inTransaction(c -> {
            Rows.Envelope e = store.envelope(c, envelopeId, false);
            if (e == null) {
                throw new LinkProblem(404, "unknown envelope", envelopeId);
            }
            List<VendorStatus.RecipientStatus> recipients = new ArrayList<>();
            for (Rows.Session s : store.sessions(c, envelopeId)) {
                VendorStatus.RecipientState state = VendorStatus.RecipientState.valueOf(s.state());
                String evidenceJson = "VIEWED".equals(s.state()) ? s.viewEvidence() : s.evidence();
                recipients.add(new VendorStatus.RecipientStatus(s.recipientId(), state, s.stateAt(),
                        s.declineReason(), evidenceJson == null ? null : evidence(evidenceJson)));
            }
            VendorStatus.EnvelopeState state = e.inProgress() && e.expired(Instant.now())
                    ? VendorStatus.EnvelopeState.EXPIRED : VendorStatus.EnvelopeState.valueOf(e.state());
            return new VendorStatus(state, e.stateAt(), e.reason(), recipients);
        });
    }

    /** The first document as signed (the connector stores one signed PDF per envelope). */
    public byte[] signedDocument(String envelopeId) {
        return store.inTransaction(c -> {
            Rows.Envelope e = store.envelope(c, envelopeId, false);
            if (e == null || !"COMPLETED".equals(e.state())) {
                throw new LinkProblem(409, "not completed", envelopeId);
            }
            return store.document(c, envelopeId, 0).content();
        });
    }

    /** Cancels an envelope in progress; the invited signers who have not acted are told. */
    public boolean cancel(String envelopeId, String reason) {
        return store.inTransaction(c -> {
            Rows.Envelope e = store.envelope(c, envelopeId, true);
            if (e == null || !e.inProgress()) {
                return false;
            }
            Instant now = Instant.now();
            store.updateEnvelopeState(c, envelopeId, "CANCELLED", reason, e.currentStep(), now);
            for (Rows.Session s : store.sessions(c, envelopeId)) {
                if (s.invited() && !s.finished()) {
                    store.queueMail(c, envelopeId, s.id(), "CANCELLED", null, now);
                }
            }
            store.event(c, envelopeId, null, now, "envelope.cancelled", null, null, reason);
            return true;
        });
    }

    public String callbackToken(String envelopeId) {
        return store.inTransaction(c -> {
            Rows.Envelope e = store.envelope(c, envelopeId, false);
            return e == null ? null : secrets.open(e.callbackTokenSealed());
        });
    }

    // --- the signing page -------------------------------------------------------------------------------

    /**
     * What the page shows for a link; the first look marks the recipient VIEWED (with the evidence). A link of a
     * later step shows "not your turn yet"; a used, expired or cancelled link a clear message.
     */
    public View view(String token, String grant, Client client) {
        String hash = hashOf(token);
        Instant now = Instant.now();
        return store.inTransaction(c -> {
            Rows.Session s = store.sessionByTokenHash(c, hash, false);
            if (s == null) {
                throw unknownLink();
            }
            Rows.Envelope e = store.envelope(c, s.envelopeId(), true);
            s = store.session(c, s.id());
            if (e.inProgress() && !e.expired(now) && "NOTIFIED".equals(s.state())) {
                SigningEvidence ev = new SigningEvidence(client.ip(), client.userAgent(), authLabel(s), null,
                        List.of());
                store.updateSessionState(c, s.id(), "VIEWED", now, null, store.write(ev));
                store.event(c, e.id(), s.id(), now, "recipient.viewed", client.ip(), client.userAgent(), null);
                s = store.session(c, s.id());
            }
            boolean authRequired = s.authMethod() != null;
            return new View(e, s, store.documents(c, e.id(), false), store.sessions(c, e.id()), authRequired,
                    !authRequired || granted(s, grant, now), config.consentText());
        });
    }

    /** Origins that may embed this link's page (the tenant's setting carried by the send), empty for a bad link. */
    public List<String> frameAncestors(String token) {
        if (!Secrets.wellFormedToken(token)) {
            return List.of();
        }
        return store.inTransaction(c -> {
            Rows.Session s = store.sessionByTokenHash(c, Secrets.sha256(token), false);
            Rows.Envelope e = s == null ? null : store.envelope(c, s.envelopeId(), false);
            return e == null ? List.<String>of() : e.frameAncestors();
        });
    }

    /** A document's page as PNG, for a signer allowed to see it. */
    public byte[] page(String token, String grant, int position, int page) {
        Instant now = Instant.now();
        Rows.Document doc = store.inTransaction(c -> {
            Rows.Session s = usableSession(c, token, now, false);
            requireAuthenticated(s, grant, now);
            return store.document(c, s.envelopeId(), position);
        });
        if (doc == null || page < 1 || page > doc.pages()) {
            throw new LinkProblem(404, "no such page", "document " + position + " has no page " + page);
        }
        return work.run("rendering page " + page, () -> {
            try (PdfPages pdf = PdfPages.open(doc.content(), work.limits(), work.budget())) {
                return pdf.renderPng(page, config.work().renderDpi(), config.work().renderMaxSide());
            }
        });
    }

    /** The one-time code to send for an EMAIL_OTP or SMS_OTP link; the caller delivers it. */
    public record Otp(Rows.Session session, String code) {}

    public Otp newOtp(String token, Client client) {
        Instant now = Instant.now();
        return store.inTransaction(c -> {
            Rows.Session s = usableSession(c, token, now, true);
            if (!"EMAIL_OTP".equals(s.authMethod()) && !"SMS_OTP".equals(s.authMethod())) {
                throw new LinkProblem(409, "no code needed", "this link is not confirmed by a one-time code");
            }
            if (s.otpSends() >= config.otp().maxSends()) {
                throw new LinkProblem(429, "too many codes", "no more codes can be sent for this link; ask the "
                        + "sender to send the envelope again");
            }
            if (s.otpSentAt() != null && now.isBefore(s.otpSentAt().plus(config.otp().resendAfter()))) {
                long wait = Duration.between(now, s.otpSentAt().plus(config.otp().resendAfter())).toSeconds() + 1;
                throw new LinkProblem(429, "wait before asking again", "a new code can be sent in " + wait + " s");
            }
            String code = Secrets.otp();
            store.updateOtp(c, s.id(), otpHash(s.id(), code), now.plus(config.otp().ttl()), now);
            store.event(c, s.envelopeId(), s.id(), now, "otp.sent", client.ip(), client.userAgent(),
                    "EMAIL_OTP".equals(s.authMethod()) ? "by email" : "by SMS to " + maskPhone(s.phone()));
            if ("EMAIL_OTP".equals(s.authMethod())) {
                store.queueMail(c, s.envelopeId(), s.id(), "OTP", secrets.seal(code), now);
            }
            return new Otp(s, code);
        });
    }

    /** Result of a code check: the grant the page presents from then on, or how many tries are left. */
    public record Verification(String grant, int remainingAttempts) {}

    public Verification verify(String token, String code, Client client) {
        Instant now = Instant.now();
        return store.inTransaction(c -> {
            Rows.Session s = usableSession(c, token, now, true);
            if (s.authMethod() == null) {
                throw new LinkProblem(409, "no code needed", "this link needs no code");
            }
            boolean ok;
            if ("ACCESS_CODE".equals(s.authMethod())) {
                ok = code != null && Secrets.matchesPbkdf2(code.trim(), s.accessCodeHash());
            } else {
                if (s.otpHash() == null || s.otpExpiresAt() == null || !now.isBefore(s.otpExpiresAt())) {
                    throw new LinkProblem(410, "code expired", "the code has expired or was never sent; ask for a "
                            + "new one");
                }
                ok = code != null && Secrets.sameHash(otpHash(s.id(), code.trim()), s.otpHash());
            }
            if (!ok) {
                store.recordAuthFailure(c, s.id());
                int remaining = config.otp().maxFailures() - s.authFailures() - 1;
                store.event(c, s.envelopeId(), s.id(), now, "auth.failed", client.ip(), client.userAgent(),
                        s.authMethod() + ", " + Math.max(remaining, 0) + " attempt(s) left");
                return new Verification(null, Math.max(remaining, 0));
            }
            String grant = Secrets.token();
            store.grant(c, s.id(), Secrets.sha256(grant), now.plus(config.otp().grantTtl()));
            store.event(c, s.envelopeId(), s.id(), now, "auth.passed", client.ip(), client.userAgent(),
                    s.authMethod());
            return new Verification(grant, config.otp().maxFailures() - s.authFailures());
        });
    }

    /** What a signing or decline changed, for the caller to pass on (poke the connector, answer the page). */
    public record Outcome(String envelopeId, String envelopeState, String callbackToken) {}

    /**
     * Adds the signer's signature to every document of the envelope (each an incremental revision: PAdES B-T with a
     * timestamp authority, else B-B), records the evidence, invites the next step or, after the last signature,
     * archives every document (DSS + document timestamp: B-LTA) and completes the envelope. One transaction under the
     * envelope's lock; a failure leaves everything as it was and the signer can try again.
     */
    public Outcome sign(String token, String grant, boolean consent, SignatureInput signature, Client client) {
        if (!consent) {
            throw new LinkProblem(422, "consent required", "tick the consent box to sign");
        }
        Appearance appearance = appearance(signature);
        Instant now = Instant.now();
        return store.inTransaction(c -> {
            Rows.Session s = usableSession(c, token, now, true);
            requireAuthenticated(s, grant, now);
            requireTurn(c, s);
            Rows.Envelope e = store.envelope(c, s.envelopeId(), false);
            List<SigningEvidence.DocumentHash> hashes = new ArrayList<>();
            List<Rows.Document> docs = store.documents(c, e.id(), true);
            for (Rows.Document d : docs) {
                Rows.Field field = s.fields().stream().filter(f -> f.documentId().equals(d.documentId()))
                        .findFirst().orElse(null);
                SignRequest request = SignRequest.of(s.name())
                        .withReason("Signed with Signport (" + e.signatureLevel() + ")")
                        .withAppearance(appearance)
                        .withPlacement(field == null ? Placement.signaturePage()
                                : Placement.at(field.page(), field.x(), field.y(), field.width(), field.height()))
                        .withTimestamp(keys.tsa())
                        .withSigningTime(now);
                SignResult result = signDocument(d, request);
                store.updateDocument(c, e.id(), d.position(), result.pdf(), result.sha256After());
                hashes.add(new SigningEvidence.DocumentHash(d.documentId(), result.sha256Before(),
                        result.sha256After()));
            }
            SigningEvidence evidence = new SigningEvidence(client.ip(), client.userAgent(), authLabel(s),
                    config.consentText(), hashes);
            store.updateSessionState(c, s.id(), "SIGNED", now, null, store.write(evidence));
            store.event(c, e.id(), s.id(), now, "recipient.signed", client.ip(), client.userAgent(),
                    signature.type() + " signature; " + hashes.size() + " document(s)");
            String state = advance(c, e, now);
            return new Outcome(e.id(), state, secrets.open(e.callbackTokenSealed()));
        });
    }

    public Outcome decline(String token, String grant, String reason, Client client) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 1000) {
            throw new LinkProblem(422, "reason required", "give a reason for declining (at most 1000 characters)");
        }
        Instant now = Instant.now();
        return store.inTransaction(c -> {
            Rows.Session s = usableSession(c, token, now, true);
            requireAuthenticated(s, grant, now);
            requireTurn(c, s);
            Rows.Envelope e = store.envelope(c, s.envelopeId(), false);
            SigningEvidence evidence = new SigningEvidence(client.ip(), client.userAgent(), authLabel(s), null,
                    List.of());
            store.updateSessionState(c, s.id(), "DECLINED", now, why, store.write(evidence));
            store.updateEnvelopeState(c, e.id(), "DECLINED", why, e.currentStep(), now);
            store.event(c, e.id(), s.id(), now, "recipient.declined", client.ip(), client.userAgent(), why);
            for (Rows.Session other : store.sessions(c, e.id())) {
                if (other.invited()) {
                    store.queueMail(c, e.id(), other.id(), "DECLINED", null, now);
                }
            }
            return new Outcome(e.id(), "DECLINED", secrets.open(e.callbackTokenSealed()));
        });
    }

    /** After a signature: the next step's invitations, or completion when everyone signed. */
    private String advance(Connection c, Rows.Envelope e, Instant now) throws SQLException {
        List<Rows.Session> all = store.sessions(c, e.id());
        boolean stepDone = all.stream().filter(s -> s.step() == e.currentStep()).allMatch(s -> "SIGNED".equals(s.state()));
        if (!stepDone) {
            return "IN_PROGRESS";
        }
        int next = all.stream().mapToInt(Rows.Session::step).filter(step -> step > e.currentStep()).min().orElse(-1);
        if (next > 0) {
            for (Rows.Session s : all) {
                if (s.step() == next) {
                    store.updateSessionState(c, s.id(), "NOTIFIED", now, null, null);
                    store.queueMail(c, e.id(), s.id(), "INVITATION", null, now);
                }
            }
            store.updateEnvelopeState(c, e.id(), "IN_PROGRESS", null, next, now);
            return "IN_PROGRESS";
        }
        if (keys.tsa() != null) {
            for (Rows.Document d : store.documents(c, e.id(), true)) {
                SignResult archived = work.run("archiving " + d.name(), () -> new PadesSigner(keys.credential(),
                        work.limits()).archive(d.content(), keys.tsa(), keys.validationData()));
                store.updateDocument(c, e.id(), d.position(), archived.pdf(), archived.sha256After());
            }
        }
        store.updateEnvelopeState(c, e.id(), "COMPLETED", null, e.currentStep(), now);
        store.event(c, e.id(), null, now, "envelope.completed", null, null,
                keys.tsa() == null ? "PAdES-B-B" : "PAdES-B-LTA (validation data and document timestamp added)");
        for (Rows.Session s : all) {
            store.queueMail(c, e.id(), s.id(), "COMPLETED", null, now);
        }
        return "COMPLETED";
    }

    private SignResult signDocument(Rows.Document d, SignRequest request) {
        try {
            return work.run("signing " + d.name(), () -> new PadesSigner(keys.credential(), work.limits())
                    .sign(d.content(), request));
        } catch (DocumentRejectedException e) {
            throw new LinkProblem(422, "the document cannot be signed", d.name() + ": " + e.getMessage());
        } catch (PadesException e) {
            LOG.warnf("Signing %s of %s failed: %s", d.documentId(), d.envelopeId(), e.getMessage());
            throw new LinkProblem(503, "signing is unavailable right now",
                    "the signature could not be applied (" + e.getMessage() + "); nothing was changed, try again");
        }
    }

    // --- rules ------------------------------------------------------------------------------------------

    private Rows.Session usableSession(Connection c, String token, Instant now, boolean lock) throws SQLException {
        Rows.Session s = store.sessionByTokenHash(c, hashOf(token), false);
        if (s == null) {
            throw unknownLink();
        }
        Rows.Envelope e = store.envelope(c, s.envelopeId(), lock);
        if (lock) {
            s = store.session(c, s.id());
        }
        if (s.finished()) {
            throw new LinkProblem(410, "this link has been used", "SIGNED".equals(s.state())
                    ? "you have already signed this envelope" : "you have declined this envelope");
        }
        if (!e.inProgress()) {
            throw new LinkProblem(410, "this envelope is closed", switch (e.state()) {
                case "COMPLETED" -> "every signer has signed";
                case "DECLINED" -> "another signer declined it";
                case "CANCELLED" -> "the sender cancelled it";
                default -> "it is no longer open for signing";
            });
        }
        if (e.expired(now)) {
            throw new LinkProblem(410, "this link has expired", "ask the sender to send the envelope again");
        }
        if (s.authFailures() >= config.otp().maxFailures()) {
            throw new LinkProblem(423, "this link is locked", "too many wrong codes were entered; ask the sender to "
                    + "send the envelope again");
        }
        return s;
    }

    private void requireTurn(Connection c, Rows.Session s) throws SQLException {
        Rows.Envelope e = store.envelope(c, s.envelopeId(), false);
        if (s.step() > e.currentStep()) {
            throw new LinkProblem(409, "not your turn yet", "you will receive an email when the signers before you "
                    + "have signed");
        }
    }

    private static void requireAuthenticated(Rows.Session s, String grant, Instant now) {
        if (s.authMethod() != null && !granted(s, grant, now)) {
            throw new LinkProblem(401, "confirm your identity first", "enter the code to see and sign the document");
        }
    }

    private static boolean granted(Rows.Session s, String grant, Instant now) {
        return grant != null && s.authGrantHash() != null && s.authGrantUntil() != null
                && now.isBefore(s.authGrantUntil()) && Secrets.sameHash(Secrets.sha256(grant), s.authGrantHash());
    }

    private static String hashOf(String token) {
        if (!Secrets.wellFormedToken(token)) {
            throw unknownLink();
        }
        return Secrets.sha256(token);
    }

    private static LinkProblem unknownLink() {
        return new LinkProblem(404, "this link is not valid", "check that you opened the whole link from your email");
    }

    private static String otpHash(String sessionId, String code) {
        return Secrets.sha256(sessionId + ":" + code);
    }

    private static String authLabel(Rows.Session s) {
        return s.authMethod() == null ? "LINK" : s.authMethod();
    }

    static String maskPhone(String phone) {
        return phone == null || phone.length() < 4 ? "?" : "…" + phone.substring(phone.length() - 4);
    }

    private static Appearance appearance(SignatureInput in) {
        if (in == null || in.type() == null) {
            throw new LinkProblem(422, "signature missing", "draw or type your signature");
        }
        try {
            if ("drawn".equals(in.type())) {
                if (in.png() == null || in.png().length == 0) {
                    throw new LinkProblem(422, "signature missing", "draw your signature");
                }
                return Appearance.drawn(in.png());
            }
            if ("typed".equals(in.type())) {
                String text = in.text() == null ? "" : in.text().strip();
                if (text.isEmpty() || text.length() > 100) {
                    throw new LinkProblem(422, "signature missing", "type your name (at most 100 characters)");
                }
                return Appearance.typed(text);
            }
        } catch (IllegalArgumentException e) {
            throw new LinkProblem(422, "signature not usable", e.getMessage());
        }
        throw new LinkProblem(422, "signature missing", "signature.type is drawn or typed");
    }

    private SigningEvidence evidence(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, SigningEvidence.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            return null;
        }
    }

    public static boolean sequential(Rows.Envelope e) {
        return SigningOrder.SEQUENTIAL.name().equals(e.signingOrder());
    }
}
