package dev.signport.envelope.domain;

import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.RecipientStatus;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.envelope.domain.Lifecycle.Decision;
import dev.signport.envelope.domain.Lifecycle.Emit;
import dev.signport.envelope.domain.Lifecycle.State;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The envelope state machine of DESIGN §4, input by input and state by state. */
class LifecycleTest {

    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    static final String P = "certyneo";

    static Recipient signer(String id, int order) {
        return Recipient.draft(id, id + "@example.com", "Name " + id, RecipientRole.SIGNER, order, null, List.of());
    }

    static Recipient cc(String id) {
        return Recipient.draft(id, id + "@example.com", "Copy " + id, RecipientRole.CC, 1, null, List.of());
    }

    static State draft(SigningOrder order, Recipient... recipients) {
        return new State(EnvelopeStatus.DRAFT, order, List.of(recipients), null, List.of(), 0, null);
    }

    static State parallel() {
        return draft(SigningOrder.PARALLEL, signer("a", 1), signer("b", 1), cc("c"));
    }

    static State sequential() {
        return draft(SigningOrder.SEQUENTIAL, signer("a", 1), signer("b", 2));
    }

    static State sent(State draft, String... chain) {
        List<String> providers = chain.length == 0 ? List.of(P) : List.of(chain);
        State sending = Lifecycle.decide(draft, new Lifecycle.Send(providers, T)).state();
        return Lifecycle.decide(sending, accepted(providers.get(0))).state();
    }

    static Lifecycle.Accepted accepted(String provider) {
        return new Lifecycle.Accepted(provider, "ext-1", Map.of("a", new Lifecycle.SignLink("https://x/a", null),
                "b", new Lifecycle.SignLink("https://x/b", null)), T);
    }

    static List<String> emitted(Decision d) {
        return d.effects().stream().filter(Emit.class::isInstance).map(e -> ((Emit) e).type()).toList();
    }

    static RecipientStatus statusOf(State s, String id) {
        return s.recipients().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().status();
    }

    /** A state of every status, reached through the machine itself. */
    static State in(EnvelopeStatus status) {
        State s = parallel();
        return switch (status) {
            case DRAFT -> s;
            case SENDING -> Lifecycle.decide(s, new Lifecycle.Send(List.of(P), T)).state();
            case SENT -> sent(s);
            case PARTIALLY_SIGNED -> Lifecycle.decide(sent(s), new Lifecycle.Signed(P, "a", T)).state();
            case COMPLETED -> Lifecycle.decide(sent(s), new Lifecycle.Completed(P, "doc_s", null, T)).state();
            case DECLINED -> Lifecycle.decide(sent(s), new Lifecycle.Declined(P, "a", "no", T)).state();
            case CANCELLED -> Lifecycle.decide(sent(s), new Lifecycle.Cancel("api", T)).state();
            case EXPIRED -> Lifecycle.decide(sent(s), new Lifecycle.Expire(T)).state();
            case FAILED -> Lifecycle.decide(sent(s),
                    new Lifecycle.Failed(P, false, FailureCode.PROVIDER_REJECTED, "bad", T)).state();
        };
    }

    @Test
    void everyStatusIsReachable() {
        for (EnvelopeStatus status : EnvelopeStatus.values()) {
            assertEquals(status, in(status).status());
        }
    }

    @Nested
    class Send {
        @Test
        void draftGoesToSendingWithACommandToTheFirstProvider() {
            Decision d = Lifecycle.decide(parallel(), new Lifecycle.Send(List.of(P, "okdokument"), T));
            assertEquals(EnvelopeStatus.SENDING, d.state().status());
            assertEquals(P, d.state().provider());
            assertEquals(1, d.state().attempt());
            assertEquals(List.of(new Lifecycle.SendCommand(P)), d.effects());
            assertTrue(emitted(d).isEmpty(), "envelope.sent waits for the provider");
        }

        @ParameterizedTest
        @EnumSource(value = EnvelopeStatus.class, names = "DRAFT", mode = EnumSource.Mode.EXCLUDE)
        void onlyADraftCanBeSent(EnvelopeStatus status) {
            Decision d = Lifecycle.decide(in(status), new Lifecycle.Send(List.of(P), T));
            assertTrue(d.rejected());
            assertEquals(status, d.state().status());
        }
    }

    @Nested
    class Accepted {
        @Test
        void parallelNotifiesEveryActingRecipientAndKeepsTheirLinks() {
            State sending = Lifecycle.decide(parallel(), new Lifecycle.Send(List.of(P), T)).state();
            Decision d = Lifecycle.decide(sending, accepted(P));
            assertEquals(EnvelopeStatus.SENT, d.state().status());
            assertEquals("ext-1", d.state().externalId());
            assertEquals(List.of("envelope.sent", "recipient.notified", "recipient.notified"), emitted(d));
            assertEquals(RecipientStatus.NOTIFIED, statusOf(d.state(), "a"));
            assertEquals(RecipientStatus.NOTIFIED, statusOf(d.state(), "b"));
            assertEquals(RecipientStatus.PENDING, statusOf(d.state(), "c"), "CC is not invited to sign");
            assertEquals("https://x/a", d.state().recipients().get(0).signUrl());
        }

        @Test
        void sequentialNotifiesTheFirstStepOnly() {
            State sending = Lifecycle.decide(sequential(), new Lifecycle.Send(List.of(P), T)).state();
            Decision d = Lifecycle.decide(sending, accepted(P));
            assertEquals(List.of("envelope.sent", "recipient.notified"), emitted(d));
            assertEquals(RecipientStatus.PENDING, statusOf(d.state(), "b"));
        }

        @Test
        void aDuplicateAcceptanceChangesNothing() {
            Decision d = Lifecycle.decide(sent(parallel()), accepted(P));
            assertTrue(d.ignored());
        }

        @Test
        void anAcceptanceFromAnotherProviderIsIgnored() {
            State sending = Lifecycle.decide(parallel(), new Lifecycle.Send(List.of(P), T)).state();
            assertTrue(Lifecycle.decide(sending, accepted("okdokument")).ignored());
        }
    }

    @Nested
    class Signing {
        @Test
        void viewedThenSignedThenCompleted() {
            State s = sent(parallel());
            Decision viewed = Lifecycle.decide(s, new Lifecycle.Viewed(P, "a", T));
            assertEquals(List.of("recipient.viewed"), emitted(viewed));
            Decision signedA = Lifecycle.decide(viewed.state(), new Lifecycle.Signed(P, "a", T));
            assertEquals(EnvelopeStatus.PARTIALLY_SIGNED, signedA.state().status());
            assertEquals(List.of("recipient.signed"), emitted(signedA));
            Decision signedB = Lifecycle.decide(signedA.state(), new Lifecycle.Signed(P, "b", T));
            Decision done = Lifecycle.decide(signedB.state(), new Lifecycle.Completed(P, "doc_s", null, T));
            assertEquals(EnvelopeStatus.COMPLETED, done.state().status());
            assertEquals(List.of("envelope.completed"), emitted(done));
        }

        @Test
        void sequentialNotifiesTheNextSignerOnlyAfterThePreviousSigned() {
            State s = sent(sequential());
            Decision viewed = Lifecycle.decide(s, new Lifecycle.Viewed(P, "a", T));
            assertEquals(RecipientStatus.PENDING, statusOf(viewed.state(), "b"));
            Decision signed = Lifecycle.decide(viewed.state(), new Lifecycle.Signed(P, "a", T));
            assertEquals(List.of("recipient.signed", "recipient.notified"), emitted(signed));
            assertEquals(RecipientStatus.NOTIFIED, statusOf(signed.state(), "b"));
        }

        @Test
        void aDuplicateSignatureEmitsNothingTheSecondTime() {
            State once = Lifecycle.decide(sent(parallel()), new Lifecycle.Signed(P, "a", T)).state();
            assertTrue(Lifecycle.decide(once, new Lifecycle.Signed(P, "a", T)).ignored());
        }

        @Test
        void aViewAfterTheSignatureDoesNotMoveTheRecipientBack() {
            State signed = Lifecycle.decide(sent(parallel()), new Lifecycle.Signed(P, "a", T)).state();
            Decision late = Lifecycle.decide(signed, new Lifecycle.Viewed(P, "a", T));
            assertTrue(late.ignored());
            assertEquals(RecipientStatus.SIGNED, statusOf(late.state(), "a"));
        }

        @Test
        void completionBeforeTheSignaturesRecordsThemAndLateOnesAreIgnored() {
            Decision done = Lifecycle.decide(sent(parallel()), new Lifecycle.Completed(P, "doc_s", null, T));
            assertEquals(List.of("recipient.signed", "recipient.signed", "envelope.completed"), emitted(done));
            assertTrue(Lifecycle.decide(done.state(), new Lifecycle.Signed(P, "b", T)).ignored());
            assertTrue(Lifecycle.decide(done.state(), new Lifecycle.Completed(P, "doc_s", null, T)).ignored());
        }

        @Test
        void unknownRecipientsAreIgnored() {
            assertTrue(Lifecycle.decide(sent(parallel()), new Lifecycle.Signed(P, "zz", T)).ignored());
            assertTrue(Lifecycle.decide(sent(parallel()), new Lifecycle.Viewed(P, "zz", T)).ignored());
        }

        @Test
        void signingEventsBeforeAcceptanceAreIgnored() {
            State sending = in(EnvelopeStatus.SENDING);
            assertTrue(Lifecycle.decide(sending, new Lifecycle.Signed(P, "a", T)).ignored());
            assertTrue(Lifecycle.decide(sending, new Lifecycle.Completed(P, "d", null, T)).ignored());
        }
    }

    @Nested
    class Endings {
        @Test
        void oneDeclineEndsTheEnvelope() {
            Decision d = Lifecycle.decide(sent(parallel()), new Lifecycle.Declined(P, "b", "wrong salary", T));
            assertEquals(EnvelopeStatus.DECLINED, d.state().status());
            assertEquals(List.of("recipient.declined", "envelope.declined"), emitted(d));
            assertEquals(RecipientStatus.DECLINED, statusOf(d.state(), "b"));
            assertTrue(Lifecycle.decide(d.state(), new Lifecycle.Declined(P, "b", "again", T)).ignored());
        }

        @Test
        void aDeclineWithoutRecipientStillEndsIt() {
            Decision d = Lifecycle.decide(sent(parallel()), new Lifecycle.Declined(P, null, null, T));
            assertEquals(List.of("envelope.declined"), emitted(d));
        }

        @ParameterizedTest
        @EnumSource(value = EnvelopeStatus.class, names = {"SENDING", "SENT", "PARTIALLY_SIGNED"})
        void cancelInFlightCancelsAtTheVendor(EnvelopeStatus status) {
            Decision d = Lifecycle.decide(in(status), new Lifecycle.Cancel("api", T));
            assertEquals(EnvelopeStatus.CANCELLED, d.state().status());
            assertEquals(List.of("envelope.cancelled"), emitted(d));
            assertTrue(d.effects().stream().anyMatch(e -> e instanceof Lifecycle.CancelCommand c
                    && c.provider().equals(P)));
        }

        @ParameterizedTest
        @EnumSource(value = EnvelopeStatus.class, names = {"DRAFT", "COMPLETED", "DECLINED", "CANCELLED", "EXPIRED",
                "FAILED"})
        void cancelOutsideFlightIsRefused(EnvelopeStatus status) {
            assertTrue(Lifecycle.decide(in(status), new Lifecycle.Cancel("api", T)).rejected());
        }

        @Test
        void expiryEndsAndCancelsAtTheVendor() {
            Decision d = Lifecycle.decide(sent(parallel()), new Lifecycle.Expire(T));
            assertEquals(EnvelopeStatus.EXPIRED, d.state().status());
            assertEquals(List.of("envelope.expired"), emitted(d));
            assertInstanceOf(Lifecycle.CancelCommand.class, d.effects().get(1));
        }

        @Test
        void theVendorVoidingItCancelsItOnce() {
            Decision d = Lifecycle.decide(sent(parallel()), new Lifecycle.VendorCancelled(P, null, T));
            assertEquals(EnvelopeStatus.CANCELLED, d.state().status());
            assertTrue(Lifecycle.decide(d.state(), new Lifecycle.VendorCancelled(P, null, T)).ignored());
        }
    }

    @Nested
    class Failures {
        @Test
        void retryableFailureWhileSendingWaitsAndRetries() {
            Decision d = Lifecycle.decide(in(EnvelopeStatus.SENDING),
                    new Lifecycle.Failed(P, true, FailureCode.PROVIDER_UNAVAILABLE, "503", T));
            assertEquals(EnvelopeStatus.SENDING, d.state().status());
            assertInstanceOf(Lifecycle.RetrySendLater.class, d.effects().get(0));
        }

        @Test
        void nonRetryableFailureWithoutFallbackFails() {
            Decision d = Lifecycle.decide(in(EnvelopeStatus.SENDING),
                    new Lifecycle.Failed(P, false, FailureCode.QUOTA_EXHAUSTED, "no quota", T));
            assertEquals(EnvelopeStatus.FAILED, d.state().status());
            assertEquals(List.of("envelope.failed"), emitted(d));
            Emit failed = (Emit) d.effects().stream().filter(Emit.class::isInstance).findFirst().orElseThrow();
            assertEquals(FailureCode.QUOTA_EXHAUSTED, failed.code());
        }

        @Test
        void beforeAnyoneActedItFailsOverToTheNextProvider() {
            State s = sent(parallel(), P, "okdokument");
            Decision d = Lifecycle.decide(s, new Lifecycle.Failed(P, false, FailureCode.PROVIDER_REJECTED, "x", T));
            assertEquals(EnvelopeStatus.SENDING, d.state().status());
            assertEquals("okdokument", d.state().provider());
            assertEquals(2, d.state().attempt());
            assertNull(d.state().externalId());
            assertTrue(d.state().recipients().stream().allMatch(r -> r.status() == RecipientStatus.PENDING
                    && r.signUrl() == null));
            assertEquals(List.of(Lifecycle.ProviderChanged.class, Lifecycle.CancelCommand.class,
                    Lifecycle.SendCommand.class), d.effects().stream().map(Object::getClass).toList());
            // The abandoned provider's late events no longer count.
            assertTrue(Lifecycle.decide(d.state(), new Lifecycle.Signed(P, "a", T)).ignored());
            // And when the last provider fails too, nothing is left.
            State next = Lifecycle.decide(d.state(), accepted("okdokument")).state();
            Decision last = Lifecycle.decide(next,
                    new Lifecycle.Failed("okdokument", false, FailureCode.QUOTA_EXHAUSTED, "no quota", T));
            assertEquals(EnvelopeStatus.FAILED, last.state().status());
            Emit failed = (Emit) last.effects().stream().filter(Emit.class::isInstance).findFirst().orElseThrow();
            assertEquals(FailureCode.NO_PROVIDER_AVAILABLE, failed.code());
        }

        @Test
        void afterASignerActedAFailureIsFinal() {
            State viewed = Lifecycle.decide(sent(parallel(), P, "okdokument"), new Lifecycle.Viewed(P, "a", T)).state();
            Decision d = Lifecycle.decide(viewed, new Lifecycle.Failed(P, false, FailureCode.PROVIDER_REJECTED, "x", T));
            assertEquals(EnvelopeStatus.FAILED, d.state().status());
            assertEquals(FailureCode.PROVIDER_REJECTED, ((Emit) d.effects().stream().filter(Emit.class::isInstance)
                    .findFirst().orElseThrow()).code());
        }

        @Test
        void aSendDeadlineFailsOverLikeAnUnavailableProvider() {
            State sending = Lifecycle.decide(parallel(), new Lifecycle.Send(List.of(P, "local"), T)).state();
            Decision d = Lifecycle.decide(sending, new Lifecycle.SendTimedOut("no answer in 5 min", T));
            Lifecycle.ProviderChanged changed = (Lifecycle.ProviderChanged) d.effects().get(0);
            assertEquals(FailureCode.PROVIDER_UNAVAILABLE, changed.code());
            assertEquals("local", d.state().provider());
            assertTrue(Lifecycle.decide(sent(parallel()), new Lifecycle.SendTimedOut("late", T)).ignored());
        }

        @Test
        void retryableFailuresAfterAcceptanceAreLeftToTheConnector() {
            assertTrue(Lifecycle.decide(sent(parallel()),
                    new Lifecycle.Failed(P, true, FailureCode.PROVIDER_UNAVAILABLE, "503", T)).ignored());
        }
    }

    @Nested
    class Reminders {
        @Test
        void remindsOnlyThoseWhoHaveNotActed() {
            State s = Lifecycle.decide(sent(parallel()), new Lifecycle.Signed(P, "a", T)).state();
            Decision d = Lifecycle.decide(s, new Lifecycle.Remind(T));
            Lifecycle.RemindCommand command = (Lifecycle.RemindCommand) d.effects().get(0);
            assertEquals(List.of("b"), command.recipientIds());
            Emit emit = (Emit) d.effects().get(1);
            assertTrue(emit.reminder());
            assertEquals(EnvelopeStatus.PARTIALLY_SIGNED, d.state().status());
        }

        @Test
        void nothingToRemindOutsideSigning() {
            assertTrue(Lifecycle.decide(in(EnvelopeStatus.SENDING), new Lifecycle.Remind(T)).ignored());
            assertTrue(Lifecycle.decide(in(EnvelopeStatus.COMPLETED), new Lifecycle.Remind(T)).ignored());
        }
    }

    /** The guarantee subscribers rely on: whatever arrives, in whatever order, no status goes back. */
    @Test
    void noInputEverLeavesATerminalStatusOrEmitsFromIt() {
        List<Function<Instant, Lifecycle.Input>> inputs = List.of(
                t -> new Lifecycle.Send(List.of(P), t),
                t -> accepted(P),
                t -> new Lifecycle.Viewed(P, "a", t),
                t -> new Lifecycle.Signed(P, "a", t),
                t -> new Lifecycle.Declined(P, "a", "r", t),
                t -> new Lifecycle.Completed(P, "doc", null, t),
                t -> new Lifecycle.VendorCancelled(P, null, t),
                t -> new Lifecycle.Failed(P, false, FailureCode.PROVIDER_REJECTED, "x", t),
                t -> new Lifecycle.Failed(P, true, FailureCode.PROVIDER_UNAVAILABLE, "x", t),
                t -> new Lifecycle.Cancel("api", t),
                t -> new Lifecycle.Expire(t),
                t -> new Lifecycle.SendTimedOut("late", t),
                t -> new Lifecycle.Remind(t));
        Set<EnvelopeStatus> terminal = EnumSet.noneOf(EnvelopeStatus.class);
        for (EnvelopeStatus s : EnvelopeStatus.values()) {
            if (s.isTerminal()) {
                terminal.add(s);
            }
        }
        List<String> moved = new ArrayList<>();
        for (EnvelopeStatus status : terminal) {
            for (Function<Instant, Lifecycle.Input> input : inputs) {
                Decision d = Lifecycle.decide(in(status), input.apply(T));
                if (d.state().status() != status || !d.effects().isEmpty()) {
                    moved.add(status + " + " + input.apply(T).getClass().getSimpleName());
                }
            }
        }
        assertEquals(List.of(), moved);
    }

    @Test
    void decisionsNeverMutateTheStateTheyDecidedOn() {
        State s = sent(parallel());
        List<Recipient> before = s.recipients();
        Lifecycle.decide(s, new Lifecycle.Signed(P, "a", T));
        assertEquals(before, s.recipients());
        assertFalse(s.recipients().stream().anyMatch(r -> r.status() == RecipientStatus.SIGNED));
    }
}
