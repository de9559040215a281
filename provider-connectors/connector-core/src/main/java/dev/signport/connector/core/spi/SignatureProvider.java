package dev.signport.connector.core.spi;

import io.smallrye.mutiny.Uni;

/**
 * What a vendor adapter implements; the core does everything else (commands, de-duplication, the
 * envelope ↔ vendor mapping, documents, events, callbacks, polling, capabilities). Every method that
 * talks to the vendor goes through the vendor's {@link dev.signport.connector.core.resilience.VendorGuard}
 * and fails with a {@link VendorException} (or {@link EnvelopeRefused}) the core knows how to report.
 *
 * <p>An adapter is an {@code @ApplicationScoped} bean annotated
 * {@code @LookupIfProperty(name = "signport.connector.provider", stringValue = "<name>")}: a deployment
 * serves one provider, and the other adapters' beans are never created.
 */
public interface SignatureProvider {

    /** The provider name, as in {@code dev.signport.contracts.Providers} and the command topic. */
    String name();

    /** What the vendor can do; the core adds availability and quota before publishing it. */
    Features features();

    /**
     * Creates the envelope at the vendor and invites its recipients. Must be resumable: the core calls it
     * again with the same {@link SendProgress} after a crash or a transient failure, so each step records
     * what it did ({@link SendProgress#put}) before the next one and skips what is already recorded, and a
     * step whose outcome is unknown (the call may have reached the vendor) looks for its result at the
     * vendor before doing it again. That is how a redelivered command never creates a second vendor request.
     */
    Uni<Accepted> send(OutgoingEnvelope envelope, SendProgress progress);

    /** Cancels (voids) the envelope at the vendor. {@code ref.externalId()} may be null if sending never finished. */
    Uni<Void> cancel(VendorRef ref, String reason);

    /** The vendor's current view of the envelope: the only source the core trusts. */
    Uni<VendorStatus> status(VendorRef ref);

    /** The signed PDF of a completed envelope. */
    Uni<byte[]> download(VendorRef ref);

    /**
     * Whether a callback that arrived on this envelope's token is authentic and about this envelope. Runs
     * no vendor call; an authentic callback only makes the core re-read {@link #status}.
     */
    CallbackVerdict verifyCallback(VendorRef ref, InboundCallback callback);

    /**
     * Frees what the envelope holds at the vendor once it is over (e.g. its webhook registration), and
     * what an abandoned send left behind. Best effort: the core logs a failure and moves on.
     */
    default Uni<Void> release(VendorRef ref) {
        return Uni.createFrom().voidItem();
    }

    /**
     * A cheap authenticated call telling whether the vendor answers, and the account's remaining quota
     * where the vendor sells signatures by the unit. The core runs it periodically through the guard, which
     * is also how an open circuit breaker gets the trial call that closes it again.
     */
    Uni<Probe> probe();
}
