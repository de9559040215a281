package dev.signport.webhook.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.platform.api.Page;
import dev.signport.platform.api.PageRequest;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import dev.signport.platform.idempotency.Idempotent;
import dev.signport.webhook.api.WebhookDtos.CreateWebhook;
import dev.signport.webhook.api.WebhookDtos.DeliveryView;
import dev.signport.webhook.api.WebhookDtos.ReplayRequest;
import dev.signport.webhook.api.WebhookDtos.ReplayView;
import dev.signport.webhook.api.WebhookDtos.RotatedSecret;
import dev.signport.webhook.api.WebhookDtos.UpdateWebhook;
import dev.signport.webhook.api.WebhookDtos.WebhookView;
import dev.signport.webhook.delivery.DeliveryDispatcher;
import dev.signport.webhook.domain.WebhookService;
import dev.signport.webhook.store.WebhookDelivery;
import dev.signport.webhook.store.WebhookDeliveryRepository;
import dev.signport.webhook.store.WebhookEndpointRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** {@code /api/v1/webhooks}: the tenant's endpoints, their deliveries, retries, replays and test events. */
@Path(WebhookResource.PATH)
@PublicApi
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    static final String PATH = "/api/v1/webhooks";

    private final WebhookService service;
    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final DeliveryDispatcher dispatcher;
    private final CurrentCaller caller;
    private final ObjectMapper mapper;

    public WebhookResource(WebhookService service, WebhookEndpointRepository endpoints,
            WebhookDeliveryRepository deliveries, DeliveryDispatcher dispatcher, CurrentCaller caller,
            ObjectMapper mapper) {
        this.service = service;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.caller = caller;
        this.mapper = mapper;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe an https URL to events (names or \"*\"); `secret` (whsec_…) is shown in this "
            + "response only")
    public Uni<Response> create(@Valid @NotNull CreateWebhook request) {
        return service.create(caller.tenantId(), request.url(), request.events(), request.description(),
                WebhookResource::created).map(WebhookResource::created);
    }

    private static Response created(WebhookService.Created c) {
        return Response.created(URI.create(PATH + "/" + c.endpoint().id))
                .entity(WebhookView.of(c.endpoint(), c.secret())).build();
    }

    @GET
    @WithSession
    @Operation(summary = "The tenant's webhooks, newest first")
    public Uni<Page<WebhookView>> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        PageRequest page = PageRequest.of(cursor, limit);
        return endpoints.pageForTenant(caller.tenantId(), page).map(rows -> page.page(rows, e -> e.id,
                WebhookView::of));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One webhook (never its secret)")
    public Uni<WebhookView> get(@PathParam("id") String id) {
        return endpoints.getForTenant(caller.tenantId(), id).map(WebhookView::of);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change url, events, description or enabled (re-enabling resumes its paused deliveries)")
    public Uni<WebhookView> update(@PathParam("id") String id, @Valid @NotNull UpdateWebhook request) {
        if (request.url() == null && request.events() == null && request.enabled() == null
                && request.description() == null) {
            throw ProblemException.badRequest("Nothing to change: give url, events, enabled or description");
        }
        return service.update(caller.tenantId(), id, new WebhookService.Patch(request.url(), request.events(),
                        request.enabled(), request.description()))
                .map(WebhookView::of)
                .invoke(v -> {
                    if (v.enabled()) {
                        dispatcher.wake();
                    }
                });
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a webhook with its deliveries")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(caller.tenantId(), id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Idempotent
    @Operation(summary = "A new secret (shown once); the previous one keeps signing alongside it during the overlap")
    public Uni<Response> rotateSecret(@PathParam("id") String id) {
        return service.rotate(caller.tenantId(), id, WebhookResource::rotated).map(WebhookResource::rotated);
    }

    private static Response rotated(WebhookService.Rotated r) {
        return Response.ok(new RotatedSecret(r.endpoint().id, r.secret(), r.endpoint().previousSecretExpiresAt))
                .build();
    }

    @GET
    @Path("/{id}/deliveries")
    @WithSession
    @Operation(summary = "The webhook's deliveries, newest first: status (PENDING, SUCCEEDED, DEAD), attempts, "
            + "last response code and latency, next attempt; filter ?status=")
    public Uni<Page<DeliveryView>> deliveries(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit, @QueryParam("status") String status) {
        PageRequest page = PageRequest.of(cursor, limit);
        String filter = "webhookId = :webhook";
        Parameters params = Parameters.with("webhook", id);
        if (status != null && !status.isBlank()) {
            String s = status.strip().toUpperCase(Locale.ROOT);
            if (!s.equals(WebhookDelivery.PENDING) && !s.equals(WebhookDelivery.SUCCEEDED)
                    && !s.equals(WebhookDelivery.DEAD)) {
                throw ProblemException.invalid("status", "must be PENDING, SUCCEEDED or DEAD");
            }
            filter += " and status = :status";
            params = params.and("status", s);
        }
        String f = filter;
        Parameters p = params;
        return endpoints.getForTenant(caller.tenantId(), id)
                .chain(e -> deliveries.pageForTenant(caller.tenantId(), page, f, p))
                .map(rows -> page.page(rows, d -> d.id, d -> DeliveryView.of(d, false)));
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    @WithSession
    @Operation(summary = "One delivery, with the (truncated) body of the last response")
    public Uni<DeliveryView> delivery(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return deliveries.getForTenant(caller.tenantId(), deliveryId).map(d -> {
            if (!d.webhookId.equals(id)) {
                throw ProblemException.notFound("Delivery", deliveryId);
            }
            return DeliveryView.of(d, true);
        });
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    @Idempotent
    @Operation(summary = "Send a delivery again now (also a dead-lettered or a succeeded one)")
    public Uni<Response> retry(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return service.retry(caller.tenantId(), id, deliveryId, WebhookResource::accepted)
                .map(WebhookResource::accepted)
                .invoke(dispatcher::wake);
    }

    private static Response accepted(WebhookDelivery d) {
        return Response.accepted(DeliveryView.of(d, false)).build();
    }

    @POST
    @Path("/{id}/replay")
    @Idempotent
    @Operation(summary = "Enqueue again every event of [since, until) (until defaults to now) this webhook subscribes "
            + "to; body {since, until?} or ?since=&until=")
    public Uni<Response> replay(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReplayRequest.class))) String body,
            @QueryParam("since") String since, @QueryParam("until") String until) {
        // The body is read as text so that the query form works without one (and without a Content-Type).
        ReplayRequest request = body == null || body.isBlank() ? null : replayBody(body);
        Instant from = request != null ? request.since() : instant("since", since);
        if (from == null) {
            throw ProblemException.invalid("since", "is required");
        }
        Instant to = request != null ? request.until() : instant("until", until);
        Instant end = to == null ? Instant.now() : to;
        return service.replay(caller.tenantId(), id, from, end, WebhookResource::replayed)
                .map(WebhookResource::replayed)
                .invoke(dispatcher::wake);
    }

    private ReplayRequest replayBody(String body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not valid JSON");
        }
        if (!node.isObject()) {
            throw ProblemException.badRequest("The body must be a JSON object {since, until?}");
        }
        return new ReplayRequest(instant("since", text(node, "since")), instant("until", text(node, "until")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2025-03-04T10:15:30Z");
        }
        return v.asText();
    }

    private static Response replayed(WebhookService.Replayed r) {
        return Response.accepted(new ReplayView(r.enqueued(), r.since(), r.until())).build();
    }

    @POST
    @Path("/{id}/test")
    @Idempotent
    @Operation(summary = "Send a webhook.test event to this webhook now")
    public Uni<Response> test(@PathParam("id") String id) {
        return service.test(caller.tenantId(), id, WebhookResource::testSent).map(WebhookResource::testSent)
                .invoke(dispatcher::wake);
    }

    private static Response testSent(WebhookService.TestSent t) {
        return Response.accepted(DeliveryView.of(t.delivery(), false)).build();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2025-03-04T10:15:30Z");
        }
    }
}
