package dev.signport.platform.testapp;

import dev.signport.platform.api.Page;
import dev.signport.platform.api.PageRequest;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import dev.signport.platform.idempotency.Idempotent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The platform's test API: a tiny CRUD resource wired like a real service's. */
@Path("/api/v1/widgets")
@PublicApi
public class WidgetResource {

    private final WidgetService service;
    private final WidgetRepository repository;
    private final CurrentCaller caller;

    public WidgetResource(WidgetService service, WidgetRepository repository, CurrentCaller caller) {
        this.service = service;
        this.repository = repository;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull WidgetDtos.CreateWidget request) {
        // "slow-" widgets take a while before their transaction, as an upload's parsing does.
        Uni<Void> before = request.name().startsWith("slow-")
                ? Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(1500))
                : Uni.createFrom().voidItem();
        return before.chain(() -> service.create(caller.tenantId(), request, WidgetResource::created))
                .map(WidgetResource::created);
    }

    private static Response created(Widget w) {
        return Response.created(URI.create("/api/v1/widgets/" + w.id)).entity(WidgetDtos.WidgetView.of(w)).build();
    }

    @GET
    @WithSession
    public Uni<Page<WidgetDtos.WidgetView>> list(@QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        PageRequest page = PageRequest.of(cursor, limit);
        return repository.pageForTenant(caller.tenantId(), page)
                .map(rows -> page.page(rows, w -> w.id, WidgetDtos.WidgetView::of));
    }

    @GET
    @Path("/{id}")
    @WithSession
    public Uni<WidgetDtos.WidgetView> get(@PathParam("id") String id) {
        return repository.getForTenant(caller.tenantId(), id).map(WidgetDtos.WidgetView::of);
    }

    @POST
    @Path("/{id}/increment")
    public Uni<WidgetDtos.WidgetView> increment(@PathParam("id") String id) {
        return service.increment(caller.tenantId(), id).map(WidgetDtos.WidgetView::of);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.TEXT_PLAIN)
    public Uni<WidgetDtos.WidgetView> rename(@PathParam("id") String id, String name) {
        return service.rename(caller.tenantId(), id, name).map(WidgetDtos.WidgetView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(caller.tenantId(), id).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/boom")
    public Uni<String> boom() {
        return Uni.createFrom().failure(new IllegalStateException("secret internal detail"));
    }
}
