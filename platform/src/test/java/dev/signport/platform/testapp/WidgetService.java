package dev.signport.platform.testapp;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.id.Ids;
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

    public WidgetService(WidgetRepository repository, Outbox outbox) {
        this.repository = repository;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<Widget> create(String tenantId, WidgetDtos.CreateWidget request) {
        Widget w = new Widget();
        w.id = Ids.newId("wdg");
        w.tenantId = tenantId;
        w.name = request.name();
        w.quantity = request.quantity();
        w.locked = request.name().startsWith("locked");
        w.createdAt = Instant.now();
        return repository.persist(w)
                .call(() -> outbox.append(event(w, "widget.created")))
                .invoke(() -> {
                    if (w.name.equals("explode-after-outbox")) {
                        // Fails after both writes: the transaction must roll back the row AND the event.
                        throw new IllegalStateException("simulated failure after the outbox write");
                    }
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
