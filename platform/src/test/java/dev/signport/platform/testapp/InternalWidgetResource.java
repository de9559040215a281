package dev.signport.platform.testapp;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.auth.Anonymous;
import dev.signport.platform.auth.Internal;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

/** Internal routes of the test app (any tenant's widget, as connectors read documents), and one anonymous route. */
@Path("/internal/widgets")
@Internal
public class InternalWidgetResource {

    private final WidgetRepository repository;

    public InternalWidgetResource(WidgetRepository repository) {
        this.repository = repository;
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<WidgetDtos.WidgetView> get(@PathParam("id") String id) {
        return repository.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Widget", id))
                .map(WidgetDtos.WidgetView::of);
    }

    @PUT
    @Path("/{id}/name")
    @Consumes(MediaType.TEXT_PLAIN)
    @WithTransaction
    public Uni<WidgetDtos.WidgetView> rename(@PathParam("id") String id, String name) {
        return repository.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Widget", id))
                .invoke(w -> w.name = name).map(WidgetDtos.WidgetView::of);
    }

    @GET
    @Path("/ping")
    @Anonymous // what a signing page or a vendor callback looks like: open on purpose
    public String ping() {
        return "pong";
    }
}
