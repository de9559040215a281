package dev.signport.connector.core.domain;

import dev.signport.connector.core.client.DocumentStore;
import dev.signport.connector.core.messaging.ProviderEvents;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.connector.core.spi.VendorRef;
import dev.signport.connector.core.spi.VendorStatus;
import dev.signport.connector.core.spi.VendorStatus.EnvelopeState;
import dev.signport.connector.core.spi.VendorStatus.RecipientState;
import dev.signport.connector.core.store.EnvelopeLinks;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.provider.ProviderCancelled;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderDeclined;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.ProviderRecipientDeclined;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.contracts.provider.ProviderRecipientViewed;
import dev.signport.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Re-reads an envelope's status from the vendor and publishes what changed: the one path by which
 * vendor-side progress becomes events, whether a callback, the poller or a {@code command.refresh_status}
 * asked. Callbacks are never trusted for content; they only trigger this. On completion the signed PDF
 * is downloaded and stored in document-service before {@code provider.completed} is published. The
 * decision is made under the row lock against what was already published, so concurrent refreshes
 * (a callback racing a poll) publish each change once.
 */
@ApplicationScoped
public class StatusSync {

    private static final Logger LOG = Logger.getLogger(StatusSync.class);

    /** What a refresh did. */
    public enum Outcome { NOTHING_TO_DO, UNCHANGED, CHANGED, ENDED }

    private final ActiveProvider provider;
    private final EnvelopeLinks links;
    private final Links linkReads;
    private final ProviderEvents events;
    private final DocumentStore documents;
    private final Inbox inbox;

    public StatusSync(ActiveProvider provider, EnvelopeLinks links, Links linkReads, ProviderEvents events,
            DocumentStore documents, Inbox inbox) {
        this.provider = provider;
        this.links = links;
        this.linkReads = linkReads;
        this.events = events;
        this.documents = documents;
        this.inbox = inbox;
    }

    /**
     * Refreshes the envelope of {@code linkId}. {@code commandId}/{@code consumer} are set when a
     * {@code command.refresh_status} asked, which is then marked processed with the outcome.
     */
    public Uni<Outcome> refresh(String linkId, String commandId, String consumer) {
        return Panache.withSession(() -> links.findById(linkId)).chain(link -> {
            if (link == null || link.state != LinkState.ACCEPTED) {
                return mark(commandId, consumer).replaceWith(Outcome.NOTHING_TO_DO);
            }
            VendorRef ref = linkReads.ref(link);
            return provider.get().status(ref)
                    .chain(status -> signedDocument(link, status)
                            .chain(signedId -> apply(linkId, status, signedId, commandId, consumer)))
                    .onFailure(VendorException.class).recoverWithUni(e -> ((VendorException) e).status() == 404
                            ? vanished(linkId, (VendorException) e, commandId, consumer)
                            : Uni.createFrom().failure(e))
                    .call(outcome -> outcome == Outcome.ENDED ? release(ref) : Uni.createFrom().voidItem());
        });
    }

    /** The stored signed PDF's id when the vendor says COMPLETED (stored now if not yet), else null. */
    private Uni<String> signedDocument(EnvelopeLink link, VendorStatus status) {
        if (status.state() != EnvelopeState.COMPLETED) {
            return Uni.createFrom().nullItem();
        }
        if (link.signedDocumentId != null) {
            return Uni.createFrom().item(link.signedDocumentId);
        }
        String name = signedName(link.documentName);
        // Same key for every attempt of this envelope at this vendor: a second completion gets the same document.
        String key = "signed:" + link.id + ":" + link.externalId;
        return provider.get().download(linkReads.ref(link))
                .chain(pdf -> documents.storeSigned(link.tenantId, link.envelopeId, name, pdf, key));
    }

    private Uni<Outcome> apply(String linkId, VendorStatus status, String signedDocumentId, String commandId,
            String consumer) {
        return Panache.withTransaction(() -> links.lockById(linkId).chain(link -> {
            if (link.state != LinkState.ACCEPTED) {
                return mark(commandId, consumer).replaceWith(Outcome.NOTHING_TO_DO);
            }
            StatusDiff.Result diff = StatusDiff.apply(linkReads.codec().recipients(link), status);
            Instant now = Instant.now();
            List<ProviderEvent> out = new ArrayList<>();
            String p = provider.name();
            String declinedBy = null;
            String declineReason = status.reason();
            for (StatusDiff.RecipientChange c : diff.changes()) {
                Instant at = c.at() != null ? c.at() : now;
                switch (c.state()) {
                    case VIEWED -> out.add(new ProviderRecipientViewed(link.envelopeId, link.tenantId, p, link.externalId,
                            commandId, at, c.recipientId(), c.evidence()));
                    case SIGNED -> out.add(new ProviderRecipientSigned(link.envelopeId, link.tenantId, p, link.externalId,
                            commandId, at, c.recipientId(), c.evidence()));
                    case DECLINED -> {
                        declinedBy = c.recipientId();
                        declineReason = c.reason() != null ? c.reason() : declineReason;
                        out.add(new ProviderRecipientDeclined(link.envelopeId, link.tenantId, p, link.externalId,
                                commandId, at, c.recipientId(), c.reason(), c.evidence()));
                    }
                    default -> { }
                }
            }
            if (declinedBy == null) {
                declinedBy = diff.recipients().stream().filter(r -> r.state() == RecipientState.DECLINED)
                        .map(RecipientLink::recipientId).findFirst().orElse(null);
            }
            Instant endedAt = status.occurredAt() != null ? status.occurredAt() : now;
            if (diff.ending() != null) {
                switch (diff.ending()) {
                    case COMPLETED -> {
                        link.state = LinkState.COMPLETED;
                        link.signedDocumentId = signedDocumentId;
                        out.add(new ProviderCompleted(link.envelopeId, link.tenantId, p, link.externalId, commandId,
                                endedAt, signedDocumentId, null));
                    }
                    case DECLINED -> {
                        link.state = LinkState.DECLINED;
                        out.add(new ProviderDeclined(link.envelopeId, link.tenantId, p, link.externalId, commandId,
                                endedAt, declinedBy, declineReason));
                    }
                    case CANCELLED -> {
                        link.state = LinkState.CANCELLED;
                        out.add(new ProviderCancelled(link.envelopeId, link.tenantId, p, link.externalId, commandId,
                                endedAt, status.reason() != null ? status.reason() : "Voided at " + p));
                    }
                    case EXPIRED -> {
                        // No provider.expired event in contracts v1: the envelope is over at the vendor, say so.
                        link.state = LinkState.CANCELLED;
                        out.add(new ProviderCancelled(link.envelopeId, link.tenantId, p, link.externalId, commandId,
                                endedAt, "Expired at " + p));
                    }
                    default -> { }
                }
                link.nextPollAt = null;
            } else {
                linkReads.schedule(link, diff.changed(), provider.get().features().callbacks());
            }
            link.recipients = linkReads.codec().write(diff.recipients());
            link.updatedAt = now;
            Outcome outcome = diff.ending() != null ? Outcome.ENDED : diff.changed() ? Outcome.CHANGED : Outcome.UNCHANGED;
            return events.appendAll(out).chain(() -> mark(commandId, consumer)).replaceWith(outcome);
        }));
    }

    /** The vendor no longer knows the envelope (deleted there, or a sandbox reset): it can never finish. */
    private Uni<Outcome> vanished(String linkId, VendorException e, String commandId, String consumer) {
        return Panache.withTransaction(() -> links.lockById(linkId).chain(link -> {
            if (link.state != LinkState.ACCEPTED) {
                return mark(commandId, consumer).replaceWith(Outcome.NOTHING_TO_DO);
            }
            LOG.warnf("%s no longer knows envelope %s (%s): failing it", provider.name(), link.envelopeId, link.externalId);
            link.state = LinkState.FAILED;
            link.failureReason = "unknown at the vendor";
            link.nextPollAt = null;
            link.updatedAt = Instant.now();
            String reason = provider.name() + " no longer knows envelope " + link.externalId
                    + (e.vendorMessage() == null ? "" : ": " + e.vendorMessage());
            return events.append(new ProviderFailed(link.envelopeId, link.tenantId, provider.name(), link.externalId,
                            commandId, Instant.now(), false, FailureCode.PROVIDER_REJECTED, reason,
                            e.vendorCode() != null ? e.vendorCode() : "HTTP 404"))
                    .chain(() -> mark(commandId, consumer)).replaceWith(Outcome.ENDED);
        }));
    }

    /** After the last poll of a link whose refresh failed: try again later, further apart each time. */
    public Uni<Void> postpone(String linkId) {
        return Panache.withTransaction(() -> links.lockById(linkId).invoke(link -> {
            if (link != null && link.state == LinkState.ACCEPTED) {
                linkReads.schedule(link, false, provider.get().features().callbacks());
            }
        })).replaceWithVoid();
    }

    private Uni<Void> release(VendorRef ref) {
        return provider.get().release(ref).onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not free %s resources of envelope %s: %s", provider.name(), ref.envelopeId(), e.getMessage());
            return null;
        });
    }

    private Uni<Void> mark(String commandId, String consumer) {
        if (commandId == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> inbox.markProcessed(consumer, commandId)).replaceWithVoid();
    }

    static String signedName(String original) {
        String base = original == null || original.isBlank() ? "document" : original;
        if (base.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            base = base.substring(0, base.length() - 4);
        }
        return base + "-signed.pdf";
    }
}
