package dev.signport.envelope.messaging;

import dev.signport.contracts.Topics;
import dev.signport.contracts.envelope.EnvelopeCancelled;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeCreated;
import dev.signport.contracts.envelope.EnvelopeDeclined;
import dev.signport.contracts.envelope.EnvelopeDeleted;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.contracts.envelope.EnvelopeExpired;
import dev.signport.contracts.envelope.EnvelopeFailed;
import dev.signport.contracts.envelope.EnvelopeProviderChanged;
import dev.signport.contracts.envelope.EnvelopeSent;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.EnvelopeUpdated;
import dev.signport.contracts.envelope.RecipientDeclined;
import dev.signport.contracts.envelope.RecipientNotified;
import dev.signport.contracts.envelope.RecipientSigned;
import dev.signport.contracts.envelope.RecipientSummary;
import dev.signport.contracts.envelope.RecipientViewed;
import dev.signport.envelope.domain.Lifecycle;
import dev.signport.envelope.domain.Recipient;
import dev.signport.envelope.store.Envelope;
import dev.signport.platform.outbox.OutboxEvent;

import java.time.Instant;
import java.util.List;

/** Builds the public events of signport.envelope-events.v1 from an envelope row, as outbox records. */
public final class EnvelopeEvents {

    static final String AGGREGATE = "envelope";

    private EnvelopeEvents() {
    }

    public static OutboxEvent outbox(EnvelopeEvent event) {
        return new OutboxEvent(Topics.ENVELOPE_EVENTS, AGGREGATE, event.envelopeId(), event.tenantId(), event.type(),
                event);
    }

    public static EnvelopeCreated created(Envelope e) {
        return new EnvelopeCreated(e.id, e.tenantId, e.mode, EnvelopeStatus.DRAFT, e.createdAt, e.subject,
                e.requestedProvider, e.fallbackProviders, e.signingOrder, e.signatureLevel, e.documentIds,
                summaries(e.recipients), e.expiresAt, e.metadata);
    }

    public static EnvelopeUpdated updated(Envelope e) {
        return new EnvelopeUpdated(e.id, e.tenantId, e.mode, EnvelopeStatus.DRAFT, e.updatedAt, e.subject,
                e.requestedProvider, e.fallbackProviders, e.signingOrder, e.signatureLevel, e.documentIds,
                summaries(e.recipients), e.expiresAt, e.metadata);
    }

    public static EnvelopeDeleted deleted(Envelope e, Instant at) {
        return new EnvelopeDeleted(e.id, e.tenantId, e.mode, EnvelopeStatus.DRAFT, at, e.documentIds, e.metadata);
    }

    public static EnvelopeProviderChanged providerChanged(Envelope e, Lifecycle.ProviderChanged c, Instant at) {
        return new EnvelopeProviderChanged(e.id, e.tenantId, e.mode, e.status, at, c.previous(), c.next(), c.code(),
                c.reason(), c.attempt(), e.metadata);
    }

    /** The event an {@link Lifecycle.Emit} stands for, with the envelope's status after the decision. */
    public static EnvelopeEvent of(Envelope e, Lifecycle.Emit emit, Instant at) {
        Recipient r = emit.recipientId() == null ? null
                : e.recipients.stream().filter(x -> x.id().equals(emit.recipientId())).findFirst().orElse(null);
        switch (emit.type()) {
            case Lifecycle.ENVELOPE_SENT:
                return new EnvelopeSent(e.id, e.tenantId, e.mode, e.status, at, e.provider, e.expiresAt, e.metadata);
            case Lifecycle.ENVELOPE_COMPLETED:
                return new EnvelopeCompleted(e.id, e.tenantId, e.mode, e.status, at, e.provider, e.signedDocumentId,
                        null, e.metadata);
            case Lifecycle.ENVELOPE_DECLINED:
                return new EnvelopeDeclined(e.id, e.tenantId, e.mode, e.status, at, e.provider, emit.recipientId(),
                        emit.reason(), e.metadata);
            case Lifecycle.ENVELOPE_CANCELLED:
                return new EnvelopeCancelled(e.id, e.tenantId, e.mode, e.status, at,
                        e.externalId == null ? null : e.provider, emit.reason(), e.metadata);
            case Lifecycle.ENVELOPE_EXPIRED:
                return new EnvelopeExpired(e.id, e.tenantId, e.mode, e.status, at, e.provider, e.expiresAt,
                        e.metadata);
            case Lifecycle.ENVELOPE_FAILED:
                return new EnvelopeFailed(e.id, e.tenantId, e.mode, e.status, at, e.provider, emit.code(),
                        emit.reason(), e.metadata);
            case Lifecycle.RECIPIENT_NOTIFIED:
                return new RecipientNotified(e.id, e.tenantId, e.mode, e.status, at, r.id(), r.email(), r.name(),
                        emit.reminder(), e.metadata);
            case Lifecycle.RECIPIENT_VIEWED:
                return new RecipientViewed(e.id, e.tenantId, e.mode, e.status, at, r.id(), r.email(), r.name(),
                        e.metadata);
            case Lifecycle.RECIPIENT_SIGNED:
                return new RecipientSigned(e.id, e.tenantId, e.mode, e.status, at, r.id(), r.email(), r.name(),
                        e.metadata);
            case Lifecycle.RECIPIENT_DECLINED:
                return new RecipientDeclined(e.id, e.tenantId, e.mode, e.status, at, r.id(), r.email(), r.name(),
                        emit.reason(), e.metadata);
            default:
                throw new IllegalArgumentException("No public event for " + emit.type());
        }
    }

    static List<RecipientSummary> summaries(List<Recipient> recipients) {
        return recipients.stream()
                .map(r -> new RecipientSummary(r.id(), r.email(), r.name(), r.role(), r.order())).toList();
    }
}
