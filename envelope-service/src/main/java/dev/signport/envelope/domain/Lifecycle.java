package dev.signport.envelope.domain;

import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientStatus;
import dev.signport.contracts.envelope.SigningOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The envelope state machine of DESIGN §4, pure: given the state and what happened, it decides the next state
 * and what must follow (public events, provider commands). No I/O, no clock: every input carries its time. The
 * service applies a decision in the transaction that read the state under a row lock.
 *
 * <p>Transitions only move forward. A duplicated, late or out-of-order input is {@linkplain Decision#ignored()
 * ignored} with the reason, never moving the envelope back nor emitting a second event. The one deliberate way
 * back is a failover before anybody acted: the envelope returns to SENDING at the next provider.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /** What the state machine looks at. {@code chain} is [primary, fallbacks…]; {@code attempt} is 1-based. */
    public record State(EnvelopeStatus status, SigningOrder signingOrder, List<Recipient> recipients, String provider,
            List<String> chain, int attempt, String externalId) {

        public State {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(signingOrder, "signingOrder");
            recipients = List.copyOf(recipients);
            chain = chain == null ? List.of() : List.copyOf(chain);
        }

        State with(EnvelopeStatus s, List<Recipient> r) {
            return new State(s, signingOrder, r, provider, chain, attempt, externalId);
        }

        boolean inFlight() {
            return status == EnvelopeStatus.SENDING || status == EnvelopeStatus.SENT
                    || status == EnvelopeStatus.PARTIALLY_SIGNED;
        }

        boolean anyoneActed() {
            return recipients.stream().anyMatch(Recipient::hasActed);
        }

        Recipient recipient(String id) {
            return recipients.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        }
    }

    // --- inputs ----------------------------------------------------------------------------------

    /** What can happen to an envelope. Provider inputs name the provider that reported them. */
    public sealed interface Input {
        Instant at();
    }

    /** The API asked to send a DRAFT; {@code chain} is the resolved [provider, fallbacks…]. */
    public record Send(List<String> chain, Instant at) implements Input {
    }

    public record Accepted(String provider, String externalId, Map<String, SignLink> signUrls, Instant at)
            implements Input {
    }

    public record SignLink(String url, Instant expiresAt) {
    }

    public record Viewed(String provider, String recipientId, Instant at) implements Input {
    }

    public record Signed(String provider, String recipientId, Instant at) implements Input {
    }

    /** One recipient declined ({@code recipientId} may be null when the vendor does not say who). */
    public record Declined(String provider, String recipientId, String reason, Instant at) implements Input {
    }

    public record Completed(String provider, String signedDocumentId, String evidenceDocumentId, Instant at)
            implements Input {
    }

    /** The vendor voided the envelope on its side. */
    public record VendorCancelled(String provider, String reason, Instant at) implements Input {
    }

    public record Failed(String provider, boolean retryable, FailureCode code, String reason, Instant at)
            implements Input {
    }

    /** The API cancelled an envelope in flight. */
    public record Cancel(String reason, Instant at) implements Input {
    }

    /** {@code expiresAt} passed. */
    public record Expire(Instant at) implements Input {
    }

    /** The provider did not accept within the send deadline. */
    public record SendTimedOut(String reason, Instant at) implements Input {
    }

    /** Reminder time for recipients who have not acted. */
    public record Remind(Instant at) implements Input {
    }

    // --- outputs ---------------------------------------------------------------------------------

    /** What must follow a transition; the service turns these into outbox records. */
    public sealed interface Effect {
    }

    /** A public event on signport.envelope-events.v1 (its status is the decision's new status). */
    public record Emit(String type, String recipientId, FailureCode code, String reason, boolean reminder)
            implements Effect {

        static Emit envelope(String type) {
            return new Emit(type, null, null, null, false);
        }

        static Emit recipient(String type, String recipientId) {
            return new Emit(type, recipientId, null, null, false);
        }
    }

    public record ProviderChanged(String previous, String next, FailureCode code, String reason, int attempt)
            implements Effect {
    }

    public record SendCommand(String provider) implements Effect {
    }

    /** {@code externalId} may be null: the vendor may still be creating it (the connector cancels once it has). */
    public record CancelCommand(String provider, String externalId, String reason) implements Effect {
    }

    public record RemindCommand(String provider, String externalId, List<String> recipientIds) implements Effect {
    }

    /** Send the same envelope to the same provider again later (it failed in a way that may pass). */
    public record RetrySendLater(FailureCode code, String reason) implements Effect {
    }

    /** The envelope ended with a failure, for the service to record. */
    public record Failure(FailureCode code, String reason) implements Effect {
    }

    public record Decision(State state, List<Effect> effects, String ignoredBecause, String rejectedBecause) {

        public boolean ignored() {
            return ignoredBecause != null;
        }

        /** The request cannot be done in this state (an API caller gets 409). */
        public boolean rejected() {
            return rejectedBecause != null;
        }

        public boolean changed() {
            return !ignored() && !rejected();
        }

        static Decision to(State state, List<Effect> effects) {
            return new Decision(state, List.copyOf(effects), null, null);
        }

        static Decision ignore(State state, String why) {
            return new Decision(state, List.of(), why, null);
        }

        static Decision reject(State state, String why) {
            return new Decision(state, List.of(), null, why);
        }
    }

    public static final String ENVELOPE_SENT = "envelope.sent";
    public static final String ENVELOPE_COMPLETED = "envelope.completed";
    public static final String ENVELOPE_DECLINED = "envelope.declined";
    public static final String ENVELOPE_CANCELLED = "envelope.cancelled";
    public static final String ENVELOPE_EXPIRED = "envelope.expired";
    public static final String ENVELOPE_FAILED = "envelope.failed";
    public static final String RECIPIENT_NOTIFIED = "recipient.notified";
    public static final String RECIPIENT_VIEWED = "recipient.viewed";
    public static final String RECIPIENT_SIGNED = "recipient.signed";
    public static final String RECIPIENT_DECLINED = "recipient.declined";

    // --- the machine -----------------------------------------------------------------------------

    public static Decision decide(State s, Input input) {
        Objects.requireNonNull(s, "state");
        Objects.requireNonNull(input, "input");
        // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed inputs.
        if (input instanceof Send send) {
            return send(s, send);
        }
        if (input instanceof Cancel c) {
            return end(s, EnvelopeStatus.CANCELLED, ENVELOPE_CANCELLED, c.reason());
        }
        if (input instanceof Expire) {
            return end(s, EnvelopeStatus.EXPIRED, ENVELOPE_EXPIRED, "expired");
        }
        if (input instanceof SendTimedOut t) {
            return s.status() == EnvelopeStatus.SENDING
                    ? failOver(s, FailureCode.PROVIDER_UNAVAILABLE, t.reason())
                    : Decision.ignore(s, "not waiting for the provider any more (" + s.status() + ")");
        }
        if (input instanceof Remind r) {
            return remind(s, r);
        }
        String provider = providerOf(input);
        if (provider == null || !provider.equals(s.provider())) {
            return Decision.ignore(s, "event from " + provider + ", but the envelope is at " + s.provider());
        }
        if (input instanceof Accepted a) {
            return accepted(s, a);
        }
        if (input instanceof Viewed v) {
            return viewed(s, v);
        }
        if (input instanceof Signed sg) {
            return signed(s, sg);
        }
        if (input instanceof Declined d) {
            return declined(s, d);
        }
        if (input instanceof Completed c) {
            return completed(s, c);
        }
        if (input instanceof VendorCancelled vc) {
            return vendorCancelled(s, vc);
        }
        return failed(s, (Failed) input);
    }

    private static String providerOf(Input input) {
        if (input instanceof Accepted a) {
            return a.provider();
        }
        if (input instanceof Viewed v) {
            return v.provider();
        }
        if (input instanceof Signed sg) {
            return sg.provider();
        }
        if (input instanceof Declined d) {
            return d.provider();
        }
        if (input instanceof Completed c) {
            return c.provider();
        }
        if (input instanceof VendorCancelled vc) {
            return vc.provider();
        }
        if (input instanceof Failed f) {
            return f.provider();
        }
        throw new IllegalArgumentException("not a provider input: " + input);
    }

    private static Decision send(State s, Send send) {
        if (s.status() != EnvelopeStatus.DRAFT) {
            return Decision.reject(s, "only a DRAFT can be sent; this envelope is " + s.status());
        }
        if (send.chain().isEmpty()) {
            throw new IllegalArgumentException("a send needs at least one provider");
        }
        State next = new State(EnvelopeStatus.SENDING, s.signingOrder(), s.recipients(), send.chain().get(0),
                send.chain(), 1, null);
        return Decision.to(next, List.of(new SendCommand(next.provider())));
    }

    private static Decision accepted(State s, Accepted a) {
        if (s.status() != EnvelopeStatus.SENDING) {
            return Decision.ignore(s, "already accepted (" + s.status() + ")");
        }
        List<Recipient> linked = map(s.recipients(), r -> {
            SignLink link = a.signUrls().get(r.id());
            return link == null ? r : r.withSignUrl(link.url(), link.expiresAt());
        });
        State sent = new State(EnvelopeStatus.SENT, s.signingOrder(), linked, s.provider(), s.chain(), s.attempt(),
                a.externalId());
        List<Effect> effects = new ArrayList<>();
        effects.add(Emit.envelope(ENVELOPE_SENT));
        return Decision.to(notifyNextStep(sent, a.at(), effects), effects);
    }

    /**
     * Notifies the recipients whose turn it is: every acting recipient in PARALLEL; in SEQUENTIAL those of the
     * lowest order that still has someone to act, once every earlier step signed.
     */
    private static State notifyNextStep(State s, Instant at, List<Effect> effects) {
        Integer step = null;
        if (s.signingOrder() == SigningOrder.SEQUENTIAL) {
            step = s.recipients().stream().filter(r -> r.acts() && r.status() != RecipientStatus.SIGNED)
                    .map(Recipient::order).min(Integer::compare).orElse(null);
            if (step == null) {
                return s;
            }
        }
        final Integer current = step;
        List<Recipient> updated = new ArrayList<>();
        for (Recipient r : s.recipients()) {
            if (r.acts() && r.status() == RecipientStatus.PENDING && (current == null || r.order() == current)) {
                updated.add(r.notified(at));
                effects.add(Emit.recipient(RECIPIENT_NOTIFIED, r.id()));
            } else {
                updated.add(r);
            }
        }
        return s.with(s.status(), updated);
    }

    private static Decision viewed(State s, Viewed v) {
        if (!signing(s)) {
            return Decision.ignore(s, "not open for signing (" + s.status() + ")");
        }
        Recipient r = s.recipient(v.recipientId());
        if (r == null) {
            return Decision.ignore(s, "unknown recipient " + v.recipientId());
        }
        if (r.status() != RecipientStatus.PENDING && r.status() != RecipientStatus.NOTIFIED) {
            return Decision.ignore(s, "recipient is already " + r.status());
        }
        State next = s.with(s.status(), replace(s.recipients(), r.viewed(v.at())));
        return Decision.to(next, List.of(Emit.recipient(RECIPIENT_VIEWED, r.id())));
    }

    private static Decision signed(State s, Signed sg) {
        if (!signing(s)) {
            return Decision.ignore(s, "not open for signing (" + s.status() + ")");
        }
        Recipient r = s.recipient(sg.recipientId());
        if (r == null) {
            return Decision.ignore(s, "unknown recipient " + sg.recipientId());
        }
        if (r.status().isTerminal()) {
            return Decision.ignore(s, "recipient is already " + r.status());
        }
        List<Effect> effects = new ArrayList<>();
        State next = s.with(EnvelopeStatus.PARTIALLY_SIGNED, replace(s.recipients(), r.signed(sg.at())));
        effects.add(Emit.recipient(RECIPIENT_SIGNED, r.id()));
        return Decision.to(notifyNextStep(next, sg.at(), effects), effects);
    }

    private static Decision declined(State s, Declined d) {
        if (!signing(s)) {
            return Decision.ignore(s, "not open for signing (" + s.status() + ")");
        }
        List<Effect> effects = new ArrayList<>();
        List<Recipient> recipients = s.recipients();
        Recipient r = d.recipientId() == null ? null : s.recipient(d.recipientId());
        if (r != null && r.status() != RecipientStatus.DECLINED) {
            recipients = replace(recipients, r.declined(d.at(), d.reason()));
            effects.add(new Emit(RECIPIENT_DECLINED, r.id(), null, d.reason(), false));
        }
        effects.add(new Emit(ENVELOPE_DECLINED, r == null ? null : r.id(), null, d.reason(), false));
        return Decision.to(s.with(EnvelopeStatus.DECLINED, recipients), effects);
    }

    private static Decision completed(State s, Completed c) {
        if (!signing(s)) {
            return Decision.ignore(s, "not open for signing (" + s.status() + ")");
        }
        List<Effect> effects = new ArrayList<>();
        List<Recipient> recipients = new ArrayList<>();
        for (Recipient r : s.recipients()) {
            // The vendor says everyone signed: signatures it reported late, or never, are recorded now.
            if (r.acts() && r.status() != RecipientStatus.SIGNED) {
                recipients.add(r.signed(c.at()));
                effects.add(Emit.recipient(RECIPIENT_SIGNED, r.id()));
            } else {
                recipients.add(r);
            }
        }
        effects.add(Emit.envelope(ENVELOPE_COMPLETED));
        return Decision.to(s.with(EnvelopeStatus.COMPLETED, recipients), effects);
    }

    private static Decision vendorCancelled(State s, VendorCancelled vc) {
        if (!s.inFlight()) {
            return Decision.ignore(s, "already " + s.status());
        }
        return Decision.to(s.with(EnvelopeStatus.CANCELLED, s.recipients()),
                List.of(new Emit(ENVELOPE_CANCELLED, null, null,
                        vc.reason() == null ? "voided at " + s.provider() : vc.reason(), false)));
    }

    private static Decision failed(State s, Failed f) {
        if (!s.inFlight()) {
            return Decision.ignore(s, "already " + s.status());
        }
        if (f.retryable()) {
            if (s.status() == EnvelopeStatus.SENDING) {
                return Decision.to(s, List.of(new RetrySendLater(f.code(), f.reason())));
            }
            return Decision.ignore(s, "retryable failure while " + s.status() + ": the connector keeps trying");
        }
        return failOver(s, f.code(), f.reason());
    }

    /**
     * DESIGN §4: before anyone acted, send through the next provider of the chain and cancel the first attempt;
     * after, or with no provider left, FAILED.
     */
    private static Decision failOver(State s, FailureCode code, String reason) {
        List<Effect> effects = new ArrayList<>();
        boolean accepted = s.externalId() != null;
        if (!s.anyoneActed() && s.attempt() < s.chain().size()) {
            String next = s.chain().get(s.attempt());
            effects.add(new ProviderChanged(s.provider(), next, code, reason, s.attempt() + 1));
            effects.add(new CancelCommand(s.provider(), s.externalId(), "failed over to " + next));
            effects.add(new SendCommand(next));
            State moved = new State(EnvelopeStatus.SENDING, s.signingOrder(), map(s.recipients(), Recipient::reset),
                    next, s.chain(), s.attempt() + 1, null);
            return Decision.to(moved, effects);
        }
        FailureCode finalCode = s.chain().size() > 1 && !s.anyoneActed() ? FailureCode.NO_PROVIDER_AVAILABLE : code;
        String finalReason = s.chain().size() > 1 && !s.anyoneActed()
                ? "every provider failed (" + String.join(", ", s.chain()) + "); last: " + reason
                : reason;
        if (accepted || s.status() == EnvelopeStatus.SENDING) {
            effects.add(new CancelCommand(s.provider(), s.externalId(), "envelope failed"));
        }
        effects.add(new Failure(finalCode, finalReason));
        effects.add(new Emit(ENVELOPE_FAILED, null, finalCode, finalReason, false));
        return Decision.to(s.with(EnvelopeStatus.FAILED, s.recipients()), effects);
    }

    private static Decision end(State s, EnvelopeStatus to, String type, String reason) {
        if (s.status() == EnvelopeStatus.DRAFT) {
            return Decision.reject(s, "a DRAFT is not in flight");
        }
        if (!s.inFlight()) {
            return Decision.reject(s, "the envelope is already " + s.status());
        }
        return Decision.to(s.with(to, s.recipients()), List.of(
                new Emit(type, null, null, reason, false),
                new CancelCommand(s.provider(), s.externalId(), reason)));
    }

    private static Decision remind(State s, Remind r) {
        if (!signing(s)) {
            return Decision.ignore(s, "nothing to remind (" + s.status() + ")");
        }
        List<String> due = s.recipients().stream()
                .filter(x -> x.acts() && (x.status() == RecipientStatus.NOTIFIED || x.status() == RecipientStatus.VIEWED))
                .map(Recipient::id).toList();
        if (due.isEmpty()) {
            return Decision.ignore(s, "every notified recipient has acted");
        }
        List<Effect> effects = new ArrayList<>();
        effects.add(new RemindCommand(s.provider(), s.externalId(), due));
        due.forEach(id -> effects.add(new Emit(RECIPIENT_NOTIFIED, id, null, null, true)));
        return Decision.to(s, effects);
    }

    private static boolean signing(State s) {
        return s.status() == EnvelopeStatus.SENT || s.status() == EnvelopeStatus.PARTIALLY_SIGNED;
    }

    private static List<Recipient> replace(List<Recipient> all, Recipient changed) {
        return map(all, r -> r.id().equals(changed.id()) ? changed : r);
    }

    private static List<Recipient> map(List<Recipient> all, UnaryOperator<Recipient> f) {
        return all.stream().map(f).toList();
    }
}
