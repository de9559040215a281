package dev.signport.envelope.api;

import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.envelope.api.EnvelopeDtos.CreateEnvelope;
import dev.signport.envelope.api.EnvelopeDtos.EnvelopeView;
import dev.signport.envelope.api.EnvelopeDtos.RecipientInput;
import dev.signport.envelope.api.EnvelopeDtos.UpdateEnvelope;
import dev.signport.envelope.config.EnvelopeConfig;
import dev.signport.envelope.domain.EnvelopeRules;
import dev.signport.envelope.domain.EnvelopeService;
import dev.signport.envelope.domain.Recipient;
import dev.signport.envelope.domain.SendWaiters;
import dev.signport.envelope.store.Envelope;
import dev.signport.envelope.store.EnvelopeRepository;
import dev.signport.platform.api.Page;
import dev.signport.platform.api.PageRequest;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import dev.signport.platform.id.Ids;
import dev.signport.platform.idempotency.Idempotent;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /api/v1/envelopes}: the Certyneo v1 envelope routes and DESIGN §3's additions. */
@Path(EnvelopeResource.PATH)
@PublicApi
@Tag(name = "Envelopes")
public class EnvelopeResource {

    static final String PATH = "/api/v1/envelopes";

    private final EnvelopeService service;
    private final EnvelopeRepository envelopes;
    private final CurrentCaller caller;
    private final Clients clients;
    private final SendWaiters waiters;
    private final EnvelopeConfig config;

    public EnvelopeResource(EnvelopeService service, EnvelopeRepository envelopes, CurrentCaller caller,
            Clients clients, SendWaiters waiters, EnvelopeConfig config) {
        this.service = service;
        this.envelopes = envelopes;
        this.caller = caller;
        this.clients = clients;
        this.waiters = waiters;
        this.config = config;
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a DRAFT envelope (the Certyneo quickstart body works unchanged)")
    public Uni<Response> create(@Valid @NotNull CreateEnvelope request) {
        SigningOrder order = request.signingOrder() == null ? SigningOrder.PARALLEL : request.signingOrder();
        EnvelopeService.DraftInput draft = new EnvelopeService.DraftInput(request.subject().strip(),
                request.message(), request.documentIds(), recipients(request.recipients(), order,
                        request.documentIds()), order, lower(request.provider()), lowerAll(request.fallbackProviders()),
                request.signatureLevel(), request.expiresAt(),
                request.reminders() == null ? null : request.reminders().toReminders(),
                request.metadata() == null ? Map.of() : request.metadata());
        return service.create(caller.tenantId(), caller.get().mode(), draft, clients.actor(), EnvelopeResource::created)
                .map(EnvelopeResource::created);
    }

    private static Response created(Envelope e) {
        return Response.created(URI.create(PATH + "/" + e.id)).entity(EnvelopeView.of(e)).build();
    }

    @GET
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List envelopes, newest first (filters: status, provider, createdAfter, createdBefore)")
    public Uni<Page<EnvelopeView>> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
            @QueryParam("status") String status, @QueryParam("provider") String provider,
            @QueryParam("createdAfter") String createdAfter, @QueryParam("createdBefore") String createdBefore) {
        PageRequest page = PageRequest.of(cursor, limit);
        StringBuilder filter = new StringBuilder("deletedAt is null");
        Parameters params = new Parameters();
        if (status != null && !status.isBlank()) {
            List<EnvelopeStatus> statuses = new ArrayList<>();
            for (String s : status.split(",")) {
                try {
                    statuses.add(EnvelopeStatus.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalid("status", "unknown status '" + s.strip() + "'");
                }
            }
            filter.append(" and status in :statuses");
            params = params.and("statuses", statuses);
        }
        if (provider != null && !provider.isBlank()) {
            filter.append(" and (provider = :provider or (provider is null and requestedProvider = :provider))");
            params = params.and("provider", provider.strip().toLowerCase(Locale.ROOT));
        }
        if (createdAfter != null) {
            filter.append(" and createdAt >= :after");
            params = params.and("after", instant("createdAfter", createdAfter));
        }
        if (createdBefore != null) {
            filter.append(" and createdAt < :before");
            params = params.and("before", instant("createdBefore", createdBefore));
        }
        return envelopes.pageForTenant(caller.tenantId(), page, filter.toString(), params)
                .map(rows -> page.page(rows, e -> e.id, EnvelopeView::of));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An envelope with its recipients (and their signUrl once sent)")
    public Uni<EnvelopeView> get(@PathParam("id") String id) {
        return find(id).map(EnvelopeView::of);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a DRAFT (409 once sent)")
    public Uni<EnvelopeView> update(@PathParam("id") String id, @Valid @NotNull UpdateEnvelope patch) {
        return service.update(caller.tenantId(), caller.get().mode(), id, current -> merge(current, patch),
                clients.actor()).map(EnvelopeView::of);
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete a DRAFT (204), or cancel an envelope in flight at its provider (200, CANCELLED)")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(caller.tenantId(), id, clients.actor()).map(e -> e.deletedAt != null
                ? Response.noContent().build()
                : Response.ok(EnvelopeView.of(e)).build());
    }

    @POST
    @Path("/{id}/send")
    @Idempotent
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a DRAFT; waits up to ?wait= (default 10s, max 30s) for the provider: 200 with each "
            + "recipient's signUrl once accepted, else 202 with status SENDING (poll GET)")
    public Uni<Response> send(@PathParam("id") String id, @QueryParam("wait") String wait) {
        Duration max = waitOf(wait);
        String tenant = caller.tenantId();
        long deadline = System.nanoTime() + max.toNanos();
        return service.send(tenant, id, clients.actor())
                .chain(e -> e.status == EnvelopeStatus.SENDING ? awaitProvider(tenant, id, deadline)
                        : Uni.createFrom().item(e))
                .map(e -> Response.status(e.status == EnvelopeStatus.SENDING ? 202 : 200)
                        .entity(EnvelopeView.of(e)).build());
    }

    private Uni<Envelope> awaitProvider(String tenant, String id, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return Panache.withSession(() -> envelopes.getForTenant(tenant, id));
        }
        return waiters.changeOrTimeout(id, Duration.ofNanos(Math.min(left, Duration.ofMillis(250).toNanos())))
                .chain(() -> Panache.withSession(() -> envelopes.getForTenant(tenant, id)))
                .chain(e -> e.status == EnvelopeStatus.SENDING ? awaitProvider(tenant, id, deadline)
                        : Uni.createFrom().item(e));
    }

    Uni<Envelope> find(String id) {
        return envelopes.getForTenant(caller.tenantId(), id).invoke(e -> {
            if (e.deletedAt != null) {
                throw ProblemException.notFound("Envelope", id);
            }
        });
    }

    private Duration waitOf(String wait) {
        if (wait == null || wait.isBlank()) {
            return config.sendWait();
        }
        Duration d;
        try {
            String w = wait.strip().toLowerCase(Locale.ROOT);
            if (w.startsWith("p")) {
                d = Duration.parse(w.toUpperCase(Locale.ROOT));
            } else if (w.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(w.substring(0, w.length() - 2)));
            } else if (w.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(w.substring(0, w.length() - 1)) * 1000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(w) * 1000));
            }
        } catch (RuntimeException e) {
            throw ProblemException.invalid("wait", "must be a duration such as 10s, 500ms or PT5S");
        }
        if (d.isNegative() || d.compareTo(config.sendWaitMax()) > 0) {
            throw ProblemException.invalid("wait", "must be between 0s and " + config.sendWaitMax().toSeconds() + "s");
        }
        return d;
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an ISO-8601 instant such as 2025-03-04T10:15:30Z");
        }
    }

    static List<Recipient> recipients(List<RecipientInput> inputs, SigningOrder order, List<String> documentIds) {
        List<Recipient> out = new ArrayList<>();
        // A field needs no documentId when the envelope has exactly one document.
        String onlyDocument = documentIds != null && documentIds.size() == 1 ? documentIds.get(0) : null;
        for (int i = 0; i < inputs.size(); i++) {
            RecipientInput r = inputs.get(i);
            RecipientRole role = r.role() == null ? RecipientRole.SIGNER : r.role();
            out.add(Recipient.draft(Ids.newId("rcp"), r.email().strip(), r.name().strip(), role,
                    EnvelopeRules.orderOf(order, r.order(), i), r.phone(),
                    r.fields() == null ? List.of() : r.fields().stream().map(f -> f.toSpec(onlyDocument)).toList()));
        }
        return out;
    }

    private static EnvelopeService.DraftInput merge(EnvelopeService.DraftInput current, UpdateEnvelope p) {
        SigningOrder order = p.signingOrder() != null ? p.signingOrder() : current.signingOrder();
        List<String> docs = p.documentIds() != null ? p.documentIds() : current.documentIds();
        List<Recipient> recipients = p.recipients() != null ? recipients(p.recipients(), order, docs)
                : current.recipients().stream().map(r -> order == current.signingOrder() ? r
                        : Recipient.draft(r.id(), r.email(), r.name(), r.role(),
                                EnvelopeRules.orderOf(order, order == SigningOrder.SEQUENTIAL ? null : r.order(),
                                        current.recipients().indexOf(r)), r.phone(), r.fields())).toList();
        return new EnvelopeService.DraftInput(
                p.subject() != null ? p.subject().strip() : current.subject(),
                p.message() != null ? p.message() : current.message(),
                docs, recipients, order,
                p.provider() != null ? lower(p.provider()) : current.provider(),
                p.fallbackProviders() != null ? lowerAll(p.fallbackProviders()) : current.fallbackProviders(),
                p.signatureLevel() != null ? p.signatureLevel() : current.signatureLevel(),
                p.expiresAt() != null ? p.expiresAt() : current.expiresAt(),
                p.reminders() != null ? p.reminders().toReminders() : current.reminders(),
                p.metadata() != null ? p.metadata() : current.metadata());
    }

    private static String lower(String provider) {
        return provider == null || provider.isBlank() ? null : provider.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> lowerAll(List<String> providers) {
        return providers == null ? List.of() : providers.stream().map(EnvelopeResource::lower).distinct().toList();
    }
}
