package dev.signport.connector.core.domain;

import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.messaging.ProviderEvents;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.connector.core.spi.VendorRef;
import dev.signport.connector.core.store.ClaimLost;
import dev.signport.connector.core.store.EnvelopeLinks;
import dev.signport.connector.core.store.ProcessedCommands;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.provider.CancelEnvelope;
import dev.signport.contracts.provider.ProviderCancelled;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code command.cancel_envelope}: void the envelope at the vendor and answer {@code provider.cancelled},
 * or {@code provider.failed} when the vendor refuses (it already completed or was declined: the status is
 * then re-read at once, so its own events follow).
 */
@ApplicationScoped
public class CancelFlow {

    private static final Logger LOG = Logger.getLogger(CancelFlow.class);

    private final ActiveProvider provider;
    private final EnvelopeLinks links;
    private final Links linkReads;
    private final ProcessedCommands processed;
    private final Inbox inbox;
    private final ProviderEvents events;
    private final StatusSync sync;
    private final ConnectorConfig config;
    private final Replica replica;

    public CancelFlow(ActiveProvider provider, EnvelopeLinks links, Links linkReads, ProcessedCommands processed,
            Inbox inbox, ProviderEvents events, StatusSync sync, ConnectorConfig config, Replica replica) {
        this.provider = provider;
        this.links = links;
        this.linkReads = linkReads;
        this.processed = processed;
        this.inbox = inbox;
        this.events = events;
        this.sync = sync;
        this.config = config;
        this.replica = replica;
    }

    public Uni<Void> handle(CancelEnvelope command, String consumer) {
        return Panache.withTransaction(() -> begin(command, consumer))
                .chain(link -> link == null ? Uni.createFrom().voidItem() : run(command, consumer, link));
    }

    /** Answers at once when nothing is at the vendor or it is over; otherwise claims the envelope. */
    private Uni<EnvelopeLink> begin(CancelEnvelope command, String consumer) {
        return processed.seen(consumer, command.commandId()).chain(seen -> {
            if (seen) {
                return Uni.createFrom().nullItem();
            }
            return links.lockByEnvelope(provider.name(), command.envelopeId()).chain(link -> {
                Instant now = Instant.now();
                if (link == null) {
                    // Never sent here: nothing exists at the vendor.
                    return answer(command, consumer, command.externalId(), null).map(ignored -> (EnvelopeLink) null);
                }
                switch (link.state) {
                    case CANCELLED:
                        return answer(command, consumer, link.externalId, null).map(ignored -> (EnvelopeLink) null);
                    case COMPLETED:
                    case DECLINED:
                        return answer(command, consumer, link.externalId, new Failure(false, FailureCode.PROVIDER_REJECTED,
                                "The envelope is already " + link.state.name().toLowerCase() + " at " + provider.name(), null))
                                .map(ignored -> (EnvelopeLink) null);
                    default:
                        if (!replica.id().equals(link.claimOwner) && link.claimedUntil != null
                                && link.claimedUntil.isAfter(now)) {
                            throw new ClaimLost("Envelope " + command.envelopeId() + " is busy at another replica");
                        }
                        link.claimOwner = replica.id();
                        link.claimedUntil = now.plus(config.claimLease());
                        link.updatedAt = now;
                        return Uni.createFrom().item(link);
                }
            });
        });
    }

    private Uni<Void> run(CancelEnvelope command, String consumer, EnvelopeLink link) {
        VendorRef ref = linkReads.ref(link);
        boolean anythingAtVendor = ref.externalId() != null || !linkReads.codec().progress(link).isEmpty();
        Uni<Void> cancel = anythingAtVendor ? provider.get().cancel(ref, command.reason()) : Uni.createFrom().voidItem();
        return cancel.onItemOrFailure().transformToUni((ok, failure) -> {
            if (failure == null) {
                return finish(command, consumer, link.id, null)
                        .call(() -> anythingAtVendor ? release(ref) : Uni.createFrom().voidItem());
            }
            Optional<Failure> report = Failure.of(provider.name(), failure);
            if (report.isEmpty()) {
                return Uni.createFrom().failure(failure);
            }
            Uni<?> reread = failure instanceof VendorException v && v.status() == 409 && link.state == LinkState.ACCEPTED
                    // The vendor says it is too late: publish what it did finish before answering.
                    ? sync.refresh(link.id, null, null).onFailure().recoverWithNull()
                    : Uni.createFrom().voidItem();
            return reread.chain(() -> finish(command, consumer, link.id, report.get()));
        });
    }

    private Uni<Void> finish(CancelEnvelope command, String consumer, String linkId, Failure failure) {
        return Panache.withTransaction(() -> links.lockById(linkId).chain(link -> {
            if (replica.id().equals(link.claimOwner)) {
                link.claimOwner = null;
                link.claimedUntil = null;
            }
            if (failure == null && !link.state.isFinal()) {
                link.state = LinkState.CANCELLED;
                link.nextPollAt = null;
            }
            link.updatedAt = Instant.now();
            return answer(command, consumer, link.externalId, failure);
        }));
    }

    /** Marks the command processed and publishes its answer, in the caller's transaction. */
    private Uni<Void> answer(CancelEnvelope command, String consumer, String externalId, Failure failure) {
        return inbox.markProcessed(consumer, command.commandId()).chain(fresh -> {
            if (!fresh) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            if (failure != null) {
                LOG.infof("Cancel of %s at %s failed: %s", command.envelopeId(), provider.name(), failure.reason());
                return events.append(new ProviderFailed(command.envelopeId(), command.tenantId(), provider.name(),
                        externalId, command.commandId(), now, failure.retryable(), failure.code(), failure.reason(),
                        failure.vendorCode()));
            }
            return events.append(new ProviderCancelled(command.envelopeId(), command.tenantId(), provider.name(),
                    externalId, command.commandId(), now, command.reason()));
        });
    }

    private Uni<Void> release(VendorRef ref) {
        return provider.get().release(ref).onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not free %s resources of envelope %s: %s", provider.name(), ref.envelopeId(), e.getMessage());
            return null;
        });
    }
}
