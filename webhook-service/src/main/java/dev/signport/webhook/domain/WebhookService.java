package dev.signport.webhook.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.Topics;
import dev.signport.contracts.webhook.DisabledReason;
import dev.signport.contracts.webhook.WebhookEndpointDisabled;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.id.Ids;
import dev.signport.platform.idempotency.Idempotency;
import dev.signport.platform.outbox.Outbox;
import dev.signport.platform.outbox.OutboxEvent;
import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.delivery.UrlGuard;
import dev.signport.webhook.store.StoredEvent;
import dev.signport.webhook.store.WebhookDelivery;
import dev.signport.webhook.store.WebhookDeliveryRepository;
import dev.signport.webhook.store.WebhookEndpoint;
import dev.signport.webhook.store.WebhookEndpointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What the API does to endpoints and deliveries, each in one transaction with its idempotency record (and, when
 * an endpoint is disabled, its {@code webhook.endpoint_disabled} outbox event). The URL rules (SSRF) are checked
 * before the transaction: resolving a name is network work, never done while holding one.
 */
@ApplicationScoped
public class WebhookService {

    /** A replay re-arms at most this many deliveries per request: a bigger window is split by the client. */
    public static final int MAX_REPLAY = 100_000;
    private static final int REPLAY_CHUNK = 1000;

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final UrlGuard guard;
    private final SecretBox secrets;
    private final Outbox outbox;
    private final Idempotency idempotency;
    private final ObjectMapper mapper;
    private final WebhookConfig config;

    public WebhookService(WebhookEndpointRepository endpoints, WebhookDeliveryRepository deliveries, UrlGuard guard,
            SecretBox secrets, Outbox outbox, Idempotency idempotency, ObjectMapper mapper, WebhookConfig config) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.guard = guard;
        this.secrets = secrets;
        this.outbox = outbox;
        this.idempotency = idempotency;
        this.mapper = mapper;
        this.config = config;
    }

    /** A new endpoint and its secret, which exists in plain only in this object and the one response. */
    public record Created(WebhookEndpoint endpoint, String secret) {
    }

    /** A rotated secret: the new one (shown once) and until when the previous one keeps signing. */
    public record Rotated(WebhookEndpoint endpoint, String secret) {
    }

    public Uni<Created> create(String tenantId, String url, List<String> events, String description,
            Function<Created, Response> response) {
        String[] names = events(events);
        return guard.checkForCreation(url).chain(target -> Panache.withTransaction(() -> {
            WebhookEndpoint e = new WebhookEndpoint();
            e.id = Ids.newId("wh");
            e.tenantId = tenantId;
            e.url = url.strip();
            e.events = names;
            e.description = description;
            e.enabled = true;
            String secret = Signatures.newSecret();
            e.secret = secrets.seal(e.id, secret);
            e.createdAt = Instant.now();
            e.updatedAt = e.createdAt;
            Created created = new Created(e, secret);
            return endpoints.persist(e).replaceWith(created)
                    .call(c -> idempotency.recordInTransaction(response.apply(c)));
        }));
    }

    /** The changes of a PATCH; null means unchanged. */
    public record Patch(String url, List<String> events, Boolean enabled, String description) {
    }

    public Uni<WebhookEndpoint> update(String tenantId, String id, Patch patch) {
        String[] names = patch.events() == null ? null : events(patch.events());
        Uni<?> checked = patch.url() == null ? Uni.createFrom().voidItem() : guard.checkForCreation(patch.url());
        return checked.chain(() -> Panache.withTransaction(() -> endpoints.lockForTenant(tenantId, id).map(e -> {
            if (patch.url() != null) {
                e.url = patch.url().strip();
            }
            if (names != null) {
                e.events = names;
            }
            if (patch.description() != null) {
                e.description = patch.description();
            }
            if (patch.enabled() != null) {
                if (patch.enabled() && !e.enabled) {
                    // Re-enabled by its owner: a fresh start. Deliveries paused while disabled resume; events that
                    // arrived meanwhile were not enqueued and can be replayed.
                    e.disabledReason = null;
                    e.disabledAt = null;
                    e.failingSince = null;
                    e.pausedUntil = null;
                } else if (!patch.enabled() && e.enabled) {
                    e.disabledReason = "DISABLED_BY_OWNER";
                    e.disabledAt = Instant.now();
                }
                e.enabled = patch.enabled();
            }
            e.updatedAt = Instant.now();
            return e;
        })));
    }

    public Uni<Void> delete(String tenantId, String id) {
        // Deliveries and test events go with it (on delete cascade); an attempt in flight finds nothing to record.
        return Panache.withTransaction(() -> endpoints.lockForTenant(tenantId, id).chain(endpoints::delete));
    }

    public Uni<Rotated> rotate(String tenantId, String id, Function<Rotated, Response> response) {
        return Panache.withTransaction(() -> endpoints.lockForTenant(tenantId, id).chain(e -> {
            String secret = Signatures.newSecret();
            // The secret being replaced keeps signing next to the new one, so receivers can switch without
            // dropping a delivery; a rotation during an overlap ends the older overlap.
            e.previousSecret = e.secret;
            e.previousSecretExpiresAt = Instant.now().plus(config.secretOverlap());
            e.secret = secrets.seal(e.id, secret);
            e.updatedAt = Instant.now();
            Rotated rotated = new Rotated(e, secret);
            return Uni.createFrom().item(rotated).call(r -> idempotency.recordInTransaction(response.apply(r)));
        }));
    }

    /** Sends a delivery again now (a dead-lettered one gets one more attempt; a succeeded one is re-sent). */
    public Uni<WebhookDelivery> retry(String tenantId, String webhookId, String deliveryId,
            Function<WebhookDelivery, Response> response) {
        return Panache.withTransaction(() -> enabledEndpoint(tenantId, webhookId)
                .chain(e -> deliveries.lockForTenant(tenantId, deliveryId))
                .chain(d -> {
                    if (!d.webhookId.equals(webhookId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("Delivery", deliveryId));
                    }
                    if (d.claimedUntil != null && d.claimedUntil.isAfter(Instant.now())) {
                        return Uni.createFrom().failure(ProblemException.conflict(
                                "Delivery " + deliveryId + " is being sent right now; retry after it finished"));
                    }
                    d.status = WebhookDelivery.PENDING;
                    d.nextAttemptAt = Instant.now();
                    d.completedAt = null;
                    return Uni.createFrom().item(d).call(x -> idempotency.recordInTransaction(response.apply(x)));
                }));
    }

    /** What a replay did. */
    public record Replayed(int enqueued, Instant since, Instant until) {
    }

    /**
     * Enqueues again every event of the tenant that occurred in {@code [since, until)} and that the endpoint
     * subscribes to now: a delivery that exists is re-armed (a fresh schedule, the same webhook-id, so receivers
     * that already have it recognise it), a missing one (the endpoint was disabled or not subscribed then) is
     * created.
     */
    public Uni<Replayed> replay(String tenantId, String webhookId, Instant since, Instant until,
            Function<Replayed, Response> response) {
        if (!since.isBefore(until)) {
            throw ProblemException.invalid("until", "must be after since");
        }
        return Panache.withTransaction(() -> enabledEndpoint(tenantId, webhookId).chain(e -> Panache.getSession()
                .chain(s -> s.createNativeQuery("""
                                select event_id, type from webhook_event
                                where tenant_id = ?1 and webhook_id is null and occurred_at >= ?2 and occurred_at < ?3
                                order by occurred_at, event_id limit ?4""", Object[].class)
                        .setParameter(1, tenantId).setParameter(2, since).setParameter(3, until)
                        .setParameter(4, MAX_REPLAY + 1)
                        .getResultList())
                .chain(rows -> {
                    if (rows.size() > MAX_REPLAY) {
                        return Uni.createFrom().failure(ProblemException.unprocessable("The window holds more than "
                                + MAX_REPLAY + " events; replay it in smaller windows"));
                    }
                    List<String[]> matching = new ArrayList<>();
                    for (Object[] r : rows) {
                        if (EventNames.matches(e.events, (String) r[1])) {
                            matching.add(new String[] {(String) r[0], (String) r[1]});
                        }
                    }
                    return rearm(tenantId, webhookId, matching, 0).replaceWith(matching.size());
                })
                .map(n -> new Replayed(n, since, until))
                .call(r -> idempotency.recordInTransaction(response.apply(r)))));
    }

    private Uni<Void> rearm(String tenantId, String webhookId, List<String[]> events, int from) {
        if (from >= events.size()) {
            return Uni.createFrom().voidItem();
        }
        List<String[]> chunk = events.subList(from, Math.min(events.size(), from + REPLAY_CHUNK));
        String[] ids = new String[chunk.size()];
        String[] eventIds = new String[chunk.size()];
        String[] types = new String[chunk.size()];
        String[] messageIds = new String[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            ids[i] = Ids.newId("dlv");
            eventIds[i] = chunk.get(i)[0];
            types[i] = chunk.get(i)[1];
            messageIds[i] = WebhookBodies.messageId(eventIds[i], webhookId);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        insert into webhook_delivery(id, tenant_id, webhook_id, event_id, event_type, message_id,
                                                     status, attempts, next_attempt_at, created_at)
                        select i, ?5, ?6, e, t, m, 'PENDING', 0, now(), now()
                        from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]), cast(?4 as text[]))
                             as x(i, e, t, m)
                        on conflict (event_id, webhook_id) do update
                        set status = 'PENDING', attempts = 0, next_attempt_at = now(), completed_at = null""")
                        .setParameter(1, ids).setParameter(2, eventIds).setParameter(3, types)
                        .setParameter(4, messageIds).setParameter(5, tenantId).setParameter(6, webhookId)
                        .executeUpdate())
                .chain(() -> rearm(tenantId, webhookId, events, from + REPLAY_CHUNK));
    }

    /** A {@code webhook.test} event for one endpoint, whatever it subscribes to. */
    public record TestSent(WebhookDelivery delivery) {
    }

    public Uni<TestSent> test(String tenantId, String webhookId, Function<TestSent, Response> response) {
        return Panache.withTransaction(() -> enabledEndpoint(tenantId, webhookId).chain(e -> {
            Instant now = Instant.now();
            StoredEvent ev = new StoredEvent();
            ev.eventId = Ids.newId("evt");
            ev.tenantId = tenantId;
            ev.webhookId = webhookId;
            ev.type = EventNames.TEST;
            ev.occurredAt = now;
            ev.receivedAt = now;
            ev.body = WebhookBodies.test(mapper, webhookId, now);
            WebhookDelivery d = new WebhookDelivery();
            d.id = Ids.newId("dlv");
            d.tenantId = tenantId;
            d.webhookId = webhookId;
            d.eventId = ev.eventId;
            d.eventType = ev.type;
            d.messageId = WebhookBodies.messageId(ev.eventId, webhookId);
            d.status = WebhookDelivery.PENDING;
            d.attempts = 0;
            d.nextAttemptAt = now;
            d.createdAt = now;
            // The event row first: the delivery references it.
            return ev.persist().chain(() -> Panache.getSession().chain(s -> s.flush()))
                    .chain(() -> deliveries.persist(d))
                    .map(x -> new TestSent(d))
                    .call(t -> idempotency.recordInTransaction(response.apply(t)));
        }));
    }

    /**
     * Stops deliveries to an endpoint and tells its owner ({@code webhook.endpoint_disabled} on
     * signport.webhook-events.v1, through the outbox, in the same transaction). False when it was already
     * disabled or is gone.
     */
    public Uni<Boolean> disable(String webhookId, DisabledReason reason, Instant failingSince, Integer lastStatus,
            String lastError) {
        return Panache.withTransaction(() -> endpoints.lockAnyTenant(webhookId).chain(e -> {
            if (e == null || !e.enabled) {
                return Uni.createFrom().item(false);
            }
            Instant now = Instant.now();
            e.enabled = false;
            e.disabledReason = reason.name();
            e.disabledAt = now;
            e.updatedAt = now;
            WebhookEndpointDisabled event = new WebhookEndpointDisabled(e.id, e.tenantId, now, withoutQuery(e.url),
                    reason, failingSince != null ? failingSince : e.failingSince, lastStatus, lastError);
            return outbox.append(new OutboxEvent(Topics.WEBHOOK_EVENTS, "webhook", e.id, e.tenantId,
                    WebhookEndpointDisabled.TYPE, event)).replaceWith(true);
        }));
    }

    /** The URL as the owner knows it, minus the query (which may hold a token) for the notification. */
    static String withoutQuery(String url) {
        int q = url.indexOf('?');
        int f = url.indexOf('#');
        int cut = q < 0 ? f : (f < 0 ? q : Math.min(q, f));
        return cut < 0 ? url : url.substring(0, cut);
    }

    private Uni<WebhookEndpoint> enabledEndpoint(String tenantId, String webhookId) {
        return endpoints.getForTenant(tenantId, webhookId).invoke(e -> {
            if (!e.enabled) {
                throw ProblemException.conflict("Webhook " + webhookId + " is disabled"
                        + (e.disabledReason == null ? "" : " (" + e.disabledReason + ")")
                        + "; enable it first (PATCH {\"enabled\": true})");
            }
        });
    }

    /** Validated, de-duplicated event names of a subscription. */
    static String[] events(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ProblemException.invalid("events", "must name at least one event, or \"*\" for all");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String name = events.get(i) == null ? "" : events.get(i).strip();
            if (!EventNames.isSubscribable(name)) {
                throw ProblemException.invalid("events[" + i + "]", "unknown event '" + name + "'; known: "
                        + String.join(", ", EventNames.known()) + " or \"*\"");
            }
            out.add(name);
        }
        return out.toArray(String[]::new);
    }
}
