package dev.signport.platform.testapp;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.id.Ids;
import dev.signport.platform.idempotency.Idempotency;
import dev.signport.platform.outbox.Outbox;
import dev.signport.platform.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** State change + event in one transaction, as every real service does it. */
@ApplicationScoped
public class WidgetService {

    public static final String TOPIC = "signport.test-widget-events.v1";

    private final WidgetRepository repository;
    private final Outbox outbox;
    private final Idempotency idempotency;

    public WidgetService(WidgetRepository repository, Outbox outbox, Idempotency idempotency) {
        this.repository = repository;
        this.outbox = outbox;
        this.idempotency = idempotency;
    }

    /** Creates a widget; {@code response} is what an Idempotency-Key will replay, recorded with the effect. */
    @WithTransaction
    public Uni<Widget> create(String tenantId, WidgetDtos.CreateWidget request,
            java.util.function.Function<Widget, jakarta.ws.rs.core.Response> response) {
        Widget w = new Widget();
        w.id = Ids.newId("wdg");
        w.tenantId = tenantId;
        w.name = request.name();
        w.quantity = request.quantity();
        w.locked = request.name().startsWith("locked");
        w.createdAt = Instant.now();
        return repository.persist(w)
                .call(() -> outbox.append(event(w, "widget.created")))
                .call(() -> idempotency.recordInTransaction(response.apply(w)))
                .invoke(() -> {
                    if (w.name.equals("explode-after-outbox")) {
                        // Fails after both writes: the transaction must roll back the row AND the event.
                        throw new IllegalStateException("simulated failure after the outbox write");
                    }
                });
    }

    /**
     * Read-decide-write as a state machine does it: the row is locked for the whole transaction,
     * so concurrent increments queue instead of overwriting each other. The pause between reading
     * and writing is where an unlocked version would lose updates.
     */
    @WithTransaction
    public Uni<Widget> increment(String tenantId, String id) {
        return repository.lockForTenant(tenantId, id)
                .call(() -> Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(20)))
                .call(w -> {
                    w.quantity = w.quantity + 1;
                    return outbox.append(event(w, "widget.incremented"));
                });
    }

    @WithTransaction
    public Uni<Widget> rename(String tenantId, String id, String name) {
        return repository.getForTenant(tenantId, id).call(w -> {
            w.name = name;
            return outbox.append(event(w, "widget.renamed"));
        });
    }

    @WithTransaction
    public Uni<Void> delete(String tenantId, String id) {
        return repository.getForTenant(tenantId, id).call(w -> {
            if (w.locked) {
                throw ProblemException.conflict("Widget " + id + " is locked");
            }
            return repository.delete(w).call(() -> outbox.append(event(w, "widget.deleted")));
        }).replaceWithVoid();
    }

    private static OutboxEvent event(Widget w, String type) {
        return new OutboxEvent(TOPIC, "widget", w.id, w.tenantId, type,
                new WidgetDtos.WidgetEvent(w.id, w.tenantId, w.name, w.quantity));
    }
}
