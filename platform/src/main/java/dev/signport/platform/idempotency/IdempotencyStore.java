package dev.signport.platform.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Idempotency records in the service's own schema, written in the caller's transaction. */
@ApplicationScoped
public class IdempotencyStore {

    /** A finished request as it will be replayed. */
    public record Stored(String fingerprint, int status, String headersJson, byte[] body) {}

    /**
     * Claims the key. Returns false when a committed record exists; when another transaction holds
     * the key, PostgreSQL makes this insert wait for it, so a concurrent duplicate waits and replays.
     */
    public Uni<Boolean> claim(String tenantId, String key, String fingerprint, long ttlHours) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "delete from idempotency_key where tenant_id = ?1 and idem_key = ?2"
                                + " and created_at < now() - make_interval(hours => ?3)")
                .setParameter(1, tenantId).setParameter(2, key).setParameter(3, (int) ttlHours)
                .executeUpdate()
                .chain(() -> s.createNativeQuery(
                                "insert into idempotency_key(tenant_id, idem_key, fingerprint, created_at)"
                                        + " values (?1, ?2, ?3, now()) on conflict do nothing")
                        .setParameter(1, tenantId).setParameter(2, key).setParameter(3, fingerprint)
                        .executeUpdate())
                .map(n -> n == 1));
    }

    public Uni<Void> complete(String tenantId, String key, int status, String headersJson, byte[] body) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update idempotency_key set status_code = ?3, headers = cast(cast(?4 as text) as jsonb), body = ?5,"
                                + " completed_at = now() where tenant_id = ?1 and idem_key = ?2")
                .setParameter(1, tenantId).setParameter(2, key).setParameter(3, status)
                .setParameter(4, headersJson).setParameter(5, body)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Stored> find(String tenantId, String key) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select fingerprint, status_code, cast(headers as text), body from idempotency_key"
                                + " where tenant_id = ?1 and idem_key = ?2", Object[].class)
                .setParameter(1, tenantId).setParameter(2, key)
                .getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] r = rows.get(0);
                    return new Stored((String) r[0], r[1] == null ? 0 : ((Number) r[1]).intValue(), (String) r[2],
                            (byte[]) r[3]);
                });
    }
}
