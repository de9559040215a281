package dev.signport.platform.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * Idempotency records in the service's own schema. Claiming, completing and releasing are single
 * auto-committed statements on the reactive pool, so no transaction or row lock is held while the
 * request's work runs; only {@link #completeInTransaction} joins the caller's transaction, so that
 * a response can be recorded atomically with the effect it describes.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** A record as a second request finds it. */
    public record Existing(String fingerprint, boolean completed, int status, String headersJson, byte[] body,
            long lockedForMillis) {}

    // Takes a fresh key, a key past its TTL, or an in-progress claim whose lease ran out (its
    // request crashed) when the same request comes again; anything else is left to the caller.
    private static final String CLAIM = """
            insert into idempotency_key as k (tenant_id, idem_key, fingerprint, state, owner, locked_until, created_at)
            values ($1, $2, $3, 'in_progress', $4, now() + $5 * interval '1 millisecond', now())
            on conflict (tenant_id, idem_key) do update
               set fingerprint = excluded.fingerprint, state = 'in_progress', owner = excluded.owner,
                   locked_until = excluded.locked_until, created_at = excluded.created_at,
                   status_code = null, headers = null, body = null, completed_at = null
             where k.created_at < now() - $6 * interval '1 millisecond'
                or (k.state = 'in_progress' and k.locked_until < now() and k.fingerprint = excluded.fingerprint)
            returning owner""";

    private static final String FIND = """
            select fingerprint, state, status_code, cast(headers as text), body,
                   greatest(0, (extract(epoch from (locked_until - now())) * 1000)::bigint)
            from idempotency_key where tenant_id = $1 and idem_key = $2""";

    private static final String COMPLETE = "update idempotency_key set state = 'completed', status_code = %s,"
            + " headers = cast(cast(%s as text) as jsonb), body = %s, completed_at = now(), locked_until = null"
            + " where tenant_id = %s and idem_key = %s and owner = cast(%s as uuid) and state = 'in_progress'";

    private final Pool pool;

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    /** True when this request now owns the key (as {@code owner}) for at most {@code lease}. */
    public Uni<Boolean> claim(String tenantId, String key, String fingerprint, UUID owner, Duration lease,
            Duration ttl) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.tuple().addString(tenantId).addString(key).addString(fingerprint).addUUID(owner)
                        .addLong(lease.toMillis()).addLong(ttl.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The record another request left, or null when there is none (it was just released). */
    public Uni<Existing> find(String tenantId, String key) {
        return pool.preparedQuery(FIND).execute(Tuple.of(tenantId, key)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            Row r = it.next();
            Integer status = r.getInteger(2);
            var body = r.getBuffer(4);
            return new Existing(r.getString(0), "completed".equals(r.getString(1)), status == null ? 0 : status,
                    r.getString(3), body == null ? null : body.getBytes(), r.getLong(5));
        });
    }

    /** Records the response after the work, in its own statement. False when the claim was lost. */
    public Uni<Boolean> complete(String tenantId, String key, UUID owner, int status, String headersJson,
            byte[] body) {
        return pool.preparedQuery(String.format(COMPLETE, "$1", "$2", "$3", "$4", "$5", "$6"))
                .execute(Tuple.tuple().addInteger(status).addString(headersJson)
                        // The Tuple takes Vert.x core buffers: a Mutiny Buffer fails to bind (500 after the work).
                        .addValue(body == null ? null : io.vertx.core.buffer.Buffer.buffer(body))
                        .addString(tenantId).addString(key).addString(owner.toString()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records the response in the caller's Hibernate Reactive transaction, next to the effect it
     * describes. False when the claim was lost (its lease ran out and another request took it): the
     * caller must then fail, rolling its effect back.
     */
    public Uni<Boolean> completeInTransaction(String tenantId, String key, UUID owner, int status,
            String headersJson, byte[] body) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        String.format(COMPLETE, "?1", "?2", "?3", "?4", "?5", "?6"))
                .setParameter(1, status).setParameter(2, headersJson).setParameter(3, body)
                .setParameter(4, tenantId).setParameter(5, key).setParameter(6, owner.toString())
                .executeUpdate())
                .map(n -> n == 1);
    }

    /** Gives the key up after a failed request, so that a retry runs the work again. */
    public Uni<Void> release(String tenantId, String key, UUID owner) {
        return pool.preparedQuery("delete from idempotency_key where tenant_id = $1 and idem_key = $2"
                        + " and owner = $3 and state = 'in_progress'")
                .execute(Tuple.of(tenantId, key, owner))
                .replaceWithVoid();
    }
}
