package dev.signport.connector.core.store;

import dev.signport.connector.core.domain.LinkCodec;
import dev.signport.connector.core.domain.SecretBox;
import dev.signport.connector.core.spi.SendProgress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SendProgress} on an {@code envelope_link} row: every write is one auto-committed statement (the
 * step is durable before the adapter's next vendor call), succeeds only while this replica still owns
 * the envelope, and extends that claim. Secret values are sealed.
 */
public final class LinkProgress implements SendProgress {

    private static final String SEALED = "sealed:";

    private final Pool pool;
    private final String linkId;
    private final String owner;
    private final Duration lease;
    private final LinkCodec codec;
    private final SecretBox box;
    private final Map<String, String> values;
    private final boolean resumed;

    public LinkProgress(Pool pool, String linkId, String owner, Duration lease, LinkCodec codec, SecretBox box,
            Map<String, String> values, boolean resumed) {
        this.pool = pool;
        this.resumed = resumed;
        this.linkId = linkId;
        this.owner = owner;
        this.lease = lease;
        this.codec = codec;
        this.box = box;
        this.values = new LinkedHashMap<>(values);
    }

    /** Read-only checkpoints over recorded values (for cancel, status, callbacks). */
    public static dev.signport.connector.core.spi.Checkpoints readOnly(Map<String, String> values, SecretBox box) {
        Map<String, String> copy = Map.copyOf(values);
        return new dev.signport.connector.core.spi.Checkpoints() {
            @Override
            public Optional<String> get(String key) {
                String v = copy.get(key);
                return v == null || v.startsWith(SEALED) ? Optional.empty() : Optional.of(v);
            }

            @Override
            public Optional<String> secret(String key) {
                String v = copy.get(key);
                return v != null && v.startsWith(SEALED) ? Optional.of(box.open(v.substring(SEALED.length())))
                        : Optional.empty();
            }
        };
    }

    @Override
    public boolean resumed() {
        return resumed;
    }

    @Override
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.startsWith(SEALED) ? Optional.empty() : Optional.of(v);
    }

    @Override
    public Optional<String> secret(String key) {
        String v = values.get(key);
        return v != null && v.startsWith(SEALED) ? Optional.of(box.open(v.substring(SEALED.length()))) : Optional.empty();
    }

    @Override
    public Uni<Void> putAll(Map<String, String> plain, Map<String, String> secrets) {
        Map<String, String> changes = new LinkedHashMap<>(plain);
        secrets.forEach((k, v) -> changes.put(k, SEALED + box.seal(v)));
        return write(changes);
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    private Uni<Void> write(Map<String, String> changes) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.putAll(changes);
        String json = codec.write(next);
        return pool.preparedQuery("""
                        update envelope_link set progress = $1, claimed_until = now() + make_interval(secs => $2),
                               updated_at = now()
                        where id = $3 and claim_owner = $4""")
                .execute(Tuple.of(json, lease.toMillis() / 1000.0, linkId, owner))
                .map(rows -> {
                    if (rows.rowCount() != 1) {
                        throw new ClaimLost("Envelope link " + linkId + " is no longer claimed by this replica");
                    }
                    values.putAll(changes);
                    return null;
                });
    }
}
