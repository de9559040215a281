package dev.signport.connector.core.messaging;

import dev.signport.contracts.Topics;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.platform.outbox.Outbox;
import dev.signport.platform.outbox.OutboxEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Appends provider events to the outbox in the caller's transaction (the state change they describe
 * commits with them); the platform relay publishes them on {@code signport.provider-events.v1}, key =
 * envelope id.
 */
@ApplicationScoped
public class ProviderEvents {

    private final Outbox outbox;

    public ProviderEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> append(ProviderEvent event) {
        return outbox.append(new OutboxEvent(Topics.PROVIDER_EVENTS, "envelope", event.envelopeId(), event.tenantId(),
                event.type(), event)).replaceWithVoid();
    }

    /** In order, one after the other (one Hibernate Reactive session never runs two statements at once). */
    public Uni<Void> appendAll(List<? extends ProviderEvent> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ProviderEvent e : events) {
            chain = chain.chain(() -> append(e));
        }
        return chain;
    }
}
