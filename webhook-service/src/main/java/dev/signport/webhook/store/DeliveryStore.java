package dev.signport.webhook.store;

import dev.signport.platform.id.Ids;
import dev.signport.webhook.domain.EventNames;
import dev.signport.webhook.domain.WebhookBodies;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The delivery pipeline's SQL, on the reactive client directly: each step is one or a few set-based statements
 * (arrays in, {@code unnest}), so that thousands of deliveries per second cost a handful of round trips, not
 * thousands. The API's reads and re-arms go through the Panache entities instead.
 */
@ApplicationScoped
public class DeliveryStore {

    private final Pool pool;
    private final MeterRegistry metrics;

    public DeliveryStore(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    /**
     * Times a pipeline step and counts the rows it handled: {@code signport_webhook_store_seconds{op}} and
     * {@code signport_webhook_store_rows{op}} show where a slow delivery pipeline spends its time.
     */
    private <T> Uni<T> timed(String op, Uni<T> work, java.util.function.ToIntFunction<T> rows) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return work.invoke(result -> {
                Timer.builder("signport_webhook_store_seconds").tag("op", op).publishPercentiles(0.5, 0.99)
                        .register(metrics).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                DistributionSummary.builder("signport_webhook_store_rows").tag("op", op).register(metrics)
                        .record(rows.applyAsInt(result));
            });
        });
    }

    /** An envelope event read from Kafka, ready to store: {@code body} is what receivers get. */
    public record IncomingEvent(String eventId, String tenantId, String type, Instant occurredAt, String body) {
    }

    /** What one ingest transaction did; {@code claimed} are the deliveries it stored claimed by this replica. */
    public record Ingested(int fresh, int deliveries, List<Claimed> claimed) {
    }

    /** Whether a new delivery may be stored already claimed by this replica (it then sends it itself). */
    public interface Adoption {
        boolean tryReserve(String webhookId);

        UUID owner();

        Duration lease();
    }

    private static final String INBOX = """
            insert into inbox(consumer, event_id, processed_at)
            select $1::text, x, now() from unnest($2::text[]) as x
            on conflict do nothing
            returning event_id""";

    private static final String INSERT_EVENTS = """
            insert into webhook_event(event_id, tenant_id, type, occurred_at, received_at, body)
            select e, t, ty, o::timestamptz, now(), b
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as x(e, t, ty, o, b)
            on conflict do nothing""";

    // FOR KEY SHARE: an endpoint deleted concurrently waits for this transaction (and then cascades to the
    // deliveries it made), instead of failing this insert's foreign key check.
    private static final String MATCHING_ENDPOINTS = """
            select id, tenant_id, events, url, secret, previous_secret, previous_secret_expires_at
            from webhook_endpoint
            where tenant_id = any($1::text[]) and enabled
            for key share""";

    private static final String INSERT_DELIVERIES = """
            insert into webhook_delivery(id, tenant_id, webhook_id, event_id, event_type, message_id, status,
                                         attempts, next_attempt_at, created_at, claimed_until, claim_owner)
            select i, t, w, e, ty, m, 'PENDING', 0, now() + $8::bigint * interval '1 millisecond', now(),
                   case when c then now() + $9::bigint * interval '1 millisecond' end, case when c then $10::uuid end
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[])
                 as x(i, t, w, e, ty, m, c)
            on conflict (event_id, webhook_id) do nothing
            returning id""";

    /**
     * Stores a batch of events and one delivery per matching enabled endpoint of each event's tenant, and marks
     * the events processed in the inbox, all in one transaction: the Kafka offsets are committed only after it,
     * so a crash at any point either redoes the whole batch (the inbox drops what was already stored) or finds
     * it done. Never loses, never enqueues twice. Deliveries {@code adoption} takes are stored claimed by this
     * replica, which sends them once this commits (a crash in between: they are retaken after their lease).
     */
    public Uni<Ingested> ingest(String consumer, List<IncomingEvent> events, Duration firstPause, Adoption adoption) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Ingested(0, 0, List.of()));
        }
        String[] ids = events.stream().map(IncomingEvent::eventId).toArray(String[]::new);
        return timed("ingest", pool.withTransaction(conn -> conn.preparedQuery(INBOX).execute(Tuple.of(consumer, ids))
                .chain(inserted -> {
                    Set<String> freshIds = new HashSet<>();
                    inserted.forEach(r -> freshIds.add(r.getString(0)));
                    List<IncomingEvent> fresh = events.stream().filter(e -> freshIds.contains(e.eventId())).toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(new Ingested(0, 0, List.of()));
                    }
                    return insertEvents(conn, fresh).chain(() -> insertDeliveries(conn, fresh, firstPause, adoption))
                            .map(stored -> new Ingested(fresh.size(), stored.count(), stored.claimed()));
                })), Ingested::deliveries);
    }

    private static Uni<Void> insertEvents(SqlConnection conn, List<IncomingEvent> fresh) {
        int n = fresh.size();
        String[] e = new String[n], t = new String[n], ty = new String[n], o = new String[n], b = new String[n];
        for (int i = 0; i < n; i++) {
            IncomingEvent ev = fresh.get(i);
            e[i] = ev.eventId();
            t[i] = ev.tenantId();
            ty[i] = ev.type();
            o[i] = ev.occurredAt().toString();
            b[i] = ev.body();
        }
        return conn.preparedQuery(INSERT_EVENTS).execute(Tuple.of(e, t, ty, o, b)).replaceWithVoid();
    }

    private record Stored(int count, List<Claimed> claimed) {
    }

    private static Uni<Stored> insertDeliveries(SqlConnection conn, List<IncomingEvent> fresh, Duration firstPause,
            Adoption adoption) {
        String[] tenants = fresh.stream().map(IncomingEvent::tenantId).distinct().toArray(String[]::new);
        return conn.preparedQuery(MATCHING_ENDPOINTS).execute(Tuple.of((Object) tenants)).chain(rows -> {
            Map<String, List<Row>> byTenant = new java.util.HashMap<>();
            rows.forEach(r -> byTenant.computeIfAbsent(r.getString("tenant_id"), k -> new ArrayList<>()).add(r));
            List<String[]> out = new ArrayList<>();
            List<Boolean> claim = new ArrayList<>();
            Map<String, Claimed> candidates = new java.util.HashMap<>();
            for (IncomingEvent ev : fresh) {
                for (Row endpoint : byTenant.getOrDefault(ev.tenantId(), List.of())) {
                    String webhookId = endpoint.getString("id");
                    if (!EventNames.matches(endpoint.getArrayOfStrings("events"), ev.type())) {
                        continue;
                    }
                    String id = Ids.newId("dlv");
                    String messageId = WebhookBodies.messageId(ev.eventId(), webhookId);
                    out.add(new String[] {id, ev.tenantId(), webhookId, ev.eventId(), ev.type(), messageId});
                    boolean mine = adoption.tryReserve(webhookId);
                    claim.add(mine);
                    if (mine) {
                        OffsetDateTime prevExpires = endpoint.getOffsetDateTime("previous_secret_expires_at");
                        candidates.put(id, new Claimed(id, ev.tenantId(), webhookId, ev.eventId(), ev.type(),
                                messageId, 0, endpoint.getString("url"), bytes(endpoint, "secret"),
                                bytes(endpoint, "previous_secret"),
                                prevExpires == null ? null : prevExpires.toInstant(), ev.body(), adoption.owner()));
                    }
                }
            }
            if (out.isEmpty()) {
                return Uni.createFrom().item(new Stored(0, List.of()));
            }
            return conn.preparedQuery(INSERT_DELIVERIES).execute(Tuple.tuple()
                            .addArrayOfString(column(out, 0)).addArrayOfString(column(out, 1))
                            .addArrayOfString(column(out, 2)).addArrayOfString(column(out, 3))
                            .addArrayOfString(column(out, 4)).addArrayOfString(column(out, 5))
                            .addArrayOfBoolean(claim.toArray(Boolean[]::new))
                            .addLong(firstPause.toMillis()).addLong(adoption.lease().toMillis())
                            .addUUID(adoption.owner()))
                    .map(inserted -> {
                        // A row that already existed (a replay raced us) was not inserted, so it is not ours.
                        List<Claimed> mine = new ArrayList<>();
                        inserted.forEach(r -> {
                            Claimed c = candidates.get(r.getString(0));
                            if (c != null) {
                                mine.add(c);
                            }
                        });
                        return new Stored(inserted.rowCount(), mine);
                    });
        });
    }

    private static String[] column(List<String[]> rows, int i) {
        String[] c = new String[rows.size()];
        for (int r = 0; r < c.length; r++) {
            c[r] = rows.get(r)[i];
        }
        return c;
    }

    /** A claimed delivery with everything its attempt needs. */
    public record Claimed(String id, String tenantId, String webhookId, String eventId, String eventType,
            String messageId, int attempts, String url, byte[] secret, byte[] previousSecret,
            Instant previousSecretExpiresAt, String body, UUID owner) {
    }

    // Walks the endpoints that have pending deliveries (a loose index scan over webhook_delivery_due: one probe
    // per endpoint however many rows each has), then takes up to $3 due rows of each enabled, unpaused endpoint
    // that this replica does not already keep busy ($4), oldest first, skipping rows another replica holds.
    // A dead endpoint's backlog therefore costs one probe, never a scan, and never crowds out the others.
    private static final String CLAIM = """
            with recursive endpoints(webhook_id) as (
                (select webhook_id from webhook_delivery where status = 'PENDING' order by webhook_id limit 1)
              union all
                select (select d.webhook_id from webhook_delivery d
                        where d.status = 'PENDING' and d.webhook_id > e.webhook_id
                        order by d.webhook_id limit 1)
                from endpoints e where e.webhook_id is not null
            ), picked as (
                select p.id, p.next_attempt_at from endpoints e
                cross join lateral (
                    select d.id, d.next_attempt_at from webhook_delivery d
                    where d.webhook_id = e.webhook_id and d.status = 'PENDING' and d.next_attempt_at <= now()
                      and (d.claimed_until is null or d.claimed_until < now())
                    order by d.next_attempt_at
                    limit $3::int
                    for update skip locked) p
                where e.webhook_id is not null and e.webhook_id <> all($4::text[])
                  and exists (select 1 from webhook_endpoint w where w.id = e.webhook_id and w.enabled
                              and (w.paused_until is null or w.paused_until <= now()))
                order by p.next_attempt_at
                limit $5::int
            )
            update webhook_delivery d
            set claimed_until = now() + $2::bigint * interval '1 millisecond', claim_owner = $1::uuid
            from picked p, webhook_endpoint w, webhook_event ev
            where d.id = p.id and w.id = d.webhook_id and ev.event_id = d.event_id
            returning d.id, d.tenant_id, d.webhook_id, d.event_id, d.event_type, d.message_id, d.attempts, w.url,
                      w.secret, w.previous_secret, w.previous_secret_expires_at, ev.body""";

    /** Claims up to {@code limit} due deliveries for {@code lease}; see {@link #CLAIM}. */
    public Uni<List<Claimed>> claim(UUID owner, Duration lease, int perEndpoint, String[] busy, int limit) {
        return timed("claim", pool.preparedQuery(CLAIM)
                .execute(Tuple.of(owner, lease.toMillis(), perEndpoint, busy, limit))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        OffsetDateTime prevExpires = r.getOffsetDateTime("previous_secret_expires_at");
                        out.add(new Claimed(r.getString("id"), r.getString("tenant_id"), r.getString("webhook_id"),
                                r.getString("event_id"), r.getString("event_type"), r.getString("message_id"),
                                r.getInteger("attempts"), r.getString("url"), bytes(r, "secret"),
                                bytes(r, "previous_secret"), prevExpires == null ? null : prevExpires.toInstant(),
                                r.getString("body"), owner));
                    }
                    return out;
                }), List::size);
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(java.time.ZoneOffset.UTC);
    }

    private static byte[] bytes(Row r, String column) {
        io.vertx.mutiny.core.buffer.Buffer b = r.getBuffer(column);
        return b == null ? null : b.getBytes();
    }

    /** The outcome of one attempt, as it is written. */
    public record Recorded(String id, UUID owner, String status, Instant nextAttemptAt, Instant at, Integer statusCode,
            int latencyMillis, String error, String responseBody) {
    }

    // Fenced by the claim's owner: if our lease ran out and another worker took the row, its result counts, not
    // ours (the receiver may see the message twice, with the same webhook-id; it is never lost). The endpoints
    // that succeeded end their failure streak in the same round trip (no write when they had none).
    private static final String RECORD = """
            with recorded as (
                update webhook_delivery d set status = r.status, attempts = d.attempts + 1,
                       next_attempt_at = r.next_at::timestamptz, claimed_until = null, claim_owner = null,
                       last_attempt_at = r.at::timestamptz, last_status_code = r.code, last_latency_ms = r.latency,
                       last_error = r.error, last_response_body = r.body,
                       completed_at = case when r.status = 'PENDING' then null else r.at::timestamptz end
                from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::int4[],
                            $8::text[], $9::text[]) as r(id, owner, status, next_at, at, code, latency, error, body)
                where d.id = r.id and d.claim_owner = r.owner
                returning d.id
            ), healthy as (
                update webhook_endpoint set failing_since = null
                where id = any($10::text[]) and failing_since is not null
            )
            select count(*) from recorded""";

    public Uni<Integer> record(List<Recorded> results, String[] succeededEndpoints) {
        int n = results.size();
        String[] id = new String[n], status = new String[n], next = new String[n], at = new String[n],
                error = new String[n], body = new String[n];
        UUID[] owner = new UUID[n];
        Integer[] code = new Integer[n], latency = new Integer[n];
        for (int i = 0; i < n; i++) {
            Recorded r = results.get(i);
            id[i] = r.id();
            owner[i] = r.owner();
            status[i] = r.status();
            next[i] = r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString();
            at[i] = r.at().toString();
            code[i] = r.statusCode();
            latency[i] = r.latencyMillis();
            error[i] = r.error();
            body[i] = r.responseBody();
        }
        return timed("record", pool.preparedQuery(RECORD).execute(Tuple.tuple().addArrayOfString(id)
                        .addArrayOfUUID(owner).addArrayOfString(status).addArrayOfString(next).addArrayOfString(at)
                        .addArrayOfInteger(code).addArrayOfInteger(latency).addArrayOfString(error)
                        .addArrayOfString(body).addArrayOfString(succeededEndpoints))
                .map(rows -> rows.iterator().next().getLong(0).intValue()), rows -> rows);
    }

    /** Gives claims back unsent (their lease could not cover an attempt any more); due again at once. */
    public Uni<Void> release(List<String> ids, List<UUID> owners) {
        return pool.preparedQuery("""
                        update webhook_delivery d set claimed_until = null, claim_owner = null
                        from unnest($1::text[], $2::uuid[]) as r(id, owner)
                        where d.id = r.id and d.claim_owner = r.owner""")
                .execute(Tuple.tuple().addArrayOfString(ids.toArray(String[]::new))
                        .addArrayOfUUID(owners.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /**
     * Deliveries failed and none succeeded: starts the endpoints' failure streak if none runs, and returns the
     * enabled ones failing since before {@code cutoff} (to be disabled) with when they started failing.
     */
    public Uni<Map<String, Instant>> markFailing(String[] webhookIds, Instant cutoff) {
        return pool.preparedQuery("update webhook_endpoint set failing_since = now()"
                        + " where id = any($1::text[]) and failing_since is null")
                .execute(Tuple.of((Object) webhookIds))
                .chain(() -> pool.preparedQuery("select id, failing_since from webhook_endpoint"
                                + " where id = any($1::text[]) and enabled and failing_since < $2::timestamptz")
                        .execute(Tuple.of(webhookIds, utc(cutoff))))
                .map(rows -> {
                    Map<String, Instant> out = new java.util.LinkedHashMap<>();
                    rows.forEach(r -> out.put(r.getString("id"), r.getOffsetDateTime("failing_since").toInstant()));
                    return out;
                });
    }

    /** A throttling answer's Retry-After: no delivery to this endpoint is claimed before {@code until}. */
    public Uni<Void> pause(String webhookId, Instant until) {
        return pool.preparedQuery("update webhook_endpoint set paused_until = $2::timestamptz"
                        + " where id = $1 and (paused_until is null or paused_until < $2::timestamptz)")
                .execute(Tuple.of(webhookId, utc(until))).replaceWithVoid();
    }

    /**
     * Due deliveries of enabled endpoints not yet claimed (counted up to {@link #BACKLOG_COUNT_CAP}: a dead
     * endpoint's backlog can be millions of rows) and how long the oldest has waited: the delivery lag, found with
     * one index probe per endpoint. A paused endpoint's rows count too: they are late.
     */
    public record Backlog(long due, Duration oldest) {
    }

    public static final int BACKLOG_COUNT_CAP = 10_000;

    public Uni<Backlog> backlog() {
        return pool.query("""
                        with recursive endpoints(webhook_id) as (
                            (select webhook_id from webhook_delivery where status = 'PENDING'
                             order by webhook_id limit 1)
                          union all
                            select (select d.webhook_id from webhook_delivery d
                                    where d.status = 'PENDING' and d.webhook_id > e.webhook_id
                                    order by d.webhook_id limit 1)
                            from endpoints e where e.webhook_id is not null
                        ), oldest as (
                            select (select d.next_attempt_at from webhook_delivery d
                                    where d.webhook_id = e.webhook_id and d.status = 'PENDING'
                                      and d.next_attempt_at <= now()
                                      and (d.claimed_until is null or d.claimed_until < now())
                                    order by d.next_attempt_at limit 1) as due
                            from endpoints e join webhook_endpoint w on w.id = e.webhook_id and w.enabled
                        )
                        select (select count(*) from (
                                    select 1 from webhook_delivery d join webhook_endpoint w on w.id = d.webhook_id
                                    where d.status = 'PENDING' and d.next_attempt_at <= now()
                                      and (d.claimed_until is null or d.claimed_until < now()) and w.enabled
                                    limit %d) capped),
                               extract(epoch from now() - (select min(due) from oldest))""".formatted(BACKLOG_COUNT_CAP))
                .execute().map(rows -> {
                    Row r = rows.iterator().next();
                    Object secs = r.getValue(1);
                    double s = secs == null ? 0 : ((Number) secs).doubleValue();
                    return new Backlog(r.getLong(0), Duration.ofMillis(Math.max(0, Math.round(s * 1000))));
                });
    }
}
