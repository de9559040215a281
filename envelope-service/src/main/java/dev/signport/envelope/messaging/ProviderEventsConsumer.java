package dev.signport.envelope.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCancelled;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderDeclined;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.ProviderRecipientDeclined;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.contracts.provider.ProviderRecipientViewed;
import dev.signport.envelope.domain.EnvelopeService;
import dev.signport.envelope.domain.Lifecycle;
import dev.signport.envelope.domain.SendWaiters;
import dev.signport.platform.inbox.Inbox;
import dev.signport.platform.messaging.CloudEventRecords;
import dev.signport.platform.messaging.ConsumerRetries;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drives envelopes from what the connectors report on signport.provider-events.v1. Each event is applied once
 * (inbox by ce_id) under the envelope's row lock; the lifecycle ignores what would move an envelope back, so a
 * duplicated, late or reordered event never emits a second public event.
 */
@ApplicationScoped
public class ProviderEventsConsumer {

    public static final String CONSUMER = "envelope-service.provider-events";

    private final Inbox inbox;
    private final ObjectMapper mapper;
    private final ConsumerRetries retries;
    private final EnvelopeService envelopes;
    private final SendWaiters waiters;

    public ProviderEventsConsumer(Inbox inbox, ObjectMapper mapper, ConsumerRetries retries,
            EnvelopeService envelopes, SendWaiters waiters) {
        this.inbox = inbox;
        this.mapper = mapper;
        this.retries = retries;
        this.envelopes = envelopes;
        this.waiters = waiters;
    }

    @Incoming("provider-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            String eventId = CloudEventRecords.eventId(record);
            return CloudEventRecords.read(mapper, record, ProviderEvent.class)
                    .map(event -> apply(eventId, event))
                    .orElseGet(() -> Uni.createFrom().voidItem());
        });
    }

    private Uni<Void> apply(String eventId, ProviderEvent event) {
        Lifecycle.Input input = input(event);
        return retries.untilDone(CONSUMER, () -> inbox.processOnce(CONSUMER, eventId,
                        () -> envelopes.onProviderInput(event.envelopeId(), event.tenantId(), input, e -> {
                            if (event instanceof ProviderCompleted c && event.provider().equals(e.provider)) {
                                e.signedDocumentId = c.signedDocumentId();
                                e.evidenceDocumentId = c.evidenceDocumentId();
                            }
                        })))
                .invoke(() -> waiters.signal(event.envelopeId()))
                .replaceWithVoid();
    }

    static Lifecycle.Input input(ProviderEvent event) {
        String p = event.provider();
        if (event instanceof ProviderAccepted a) {
            Map<String, Lifecycle.SignLink> links = new LinkedHashMap<>();
            a.signUrls().forEach(u -> links.put(u.recipientId(), new Lifecycle.SignLink(u.url(), u.expiresAt())));
            return new Lifecycle.Accepted(p, a.externalId(), links, a.occurredAt());
        }
        if (event instanceof ProviderRecipientViewed v) {
            return new Lifecycle.Viewed(p, v.recipientId(), v.occurredAt());
        }
        if (event instanceof ProviderRecipientSigned s) {
            return new Lifecycle.Signed(p, s.recipientId(), s.occurredAt());
        }
        if (event instanceof ProviderRecipientDeclined d) {
            return new Lifecycle.Declined(p, d.recipientId(), d.reason(), d.occurredAt());
        }
        if (event instanceof ProviderDeclined d) {
            return new Lifecycle.Declined(p, d.recipientId(), d.reason(), d.occurredAt());
        }
        if (event instanceof ProviderCompleted c) {
            return new Lifecycle.Completed(p, c.signedDocumentId(), c.evidenceDocumentId(), c.occurredAt());
        }
        if (event instanceof ProviderCancelled c) {
            return new Lifecycle.VendorCancelled(p, c.reason(), c.occurredAt());
        }
        ProviderFailed f = (ProviderFailed) event;
        return new Lifecycle.Failed(p, f.retryable(), f.code(), f.reason(), f.occurredAt());
    }
}
