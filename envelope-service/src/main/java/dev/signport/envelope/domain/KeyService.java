package dev.signport.envelope.domain;

import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.apikey.ApiKeys;
import dev.signport.envelope.store.ApiKey;
import dev.signport.envelope.store.ApiKeyRepository;
import dev.signport.envelope.store.Tenant;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.id.Ids;
import dev.signport.platform.idempotency.Idempotency;
import dev.signport.platform.outbox.Outbox;
import dev.signport.platform.outbox.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.function.Function;

/**
 * API keys: created with a secret shown once (only its SHA-256 is kept), revoked for good. Every change goes to
 * the compacted signport.api-keys.v1 through the outbox, in the transaction of the change, so every service's
 * authentication (platform's ApiKeyReplica) learns it within seconds.
 */
@ApplicationScoped
public class KeyService {

    /** 32 random bytes, as base62: about 43 characters after the prefix. */
    static final int SECRET_BYTES = 32;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRepository keys;
    private final Outbox outbox;
    private final Idempotency idempotency;

    public KeyService(ApiKeyRepository keys, Outbox outbox, Idempotency idempotency) {
        this.keys = keys;
        this.outbox = outbox;
        this.idempotency = idempotency;
    }

    /** A created key and its secret, which exists only in this object and the one response that shows it. */
    public record Created(ApiKey key, String secret) {
    }

    public Uni<Created> create(String tenantId, Mode mode, String name, Function<Created, Response> response) {
        return Panache.withTransaction(() -> Tenant.<Tenant>findById(tenantId).chain(t -> {
            if (t == null) {
                // Keys published by another installation of the topic name tenants we never created here.
                return createTenantRow(tenantId, tenantId);
            }
            return Uni.createFrom().item(t);
        }).chain(t -> insert(tenantId, mode, name)).call(c -> idempotency.recordInTransaction(response.apply(c))));
    }

    /** Inserts a key in the current transaction, with its record in the outbox. */
    public Uni<Created> insert(String tenantId, Mode mode, String name) {
        String secret = newSecret(mode);
        ApiKey k = new ApiKey();
        k.id = Ids.newId("key");
        k.tenantId = tenantId;
        k.keyHash = ApiKeys.sha256Hex(secret);
        k.displayPrefix = secret.substring(0, mode.secretPrefix().length() + 4);
        k.mode = mode;
        k.name = name;
        k.createdAt = Instant.now();
        return keys.persist(k).call(() -> publish(k)).map(x -> new Created(k, secret));
    }

    public Uni<ApiKey> revoke(String tenantId, String id) {
        return Panache.withTransaction(() -> keys.lockForTenant(tenantId, id).call(k -> {
            if (k.revokedAt != null) {
                return Uni.createFrom().voidItem();
            }
            k.revokedAt = Instant.now();
            return publish(k);
        }));
    }

    private Uni<Void> publish(ApiKey k) {
        ApiKeyRecord record = new ApiKeyRecord(k.id, k.tenantId, k.keyHash, k.mode, k.name, k.createdAt,
                k.revokedAt != null, k.revokedAt);
        return outbox.append(new OutboxEvent(Topics.API_KEYS, "api_key", k.id, k.tenantId, ApiKeyRecord.TYPE, record))
                .replaceWithVoid();
    }

    static Uni<Tenant> createTenantRow(String id, String name) {
        Tenant t = new Tenant();
        t.id = id;
        t.name = name;
        t.settings = TenantSettings.EMPTY;
        t.createdAt = Instant.now();
        t.updatedAt = t.createdAt;
        return t.persist();
    }

    static String newSecret(Mode mode) {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        java.math.BigInteger n = new java.math.BigInteger(1, bytes);
        StringBuilder b = new StringBuilder();
        java.math.BigInteger base = java.math.BigInteger.valueOf(62);
        while (n.signum() > 0) {
            java.math.BigInteger[] qr = n.divideAndRemainder(base);
            b.append(BASE62[qr[1].intValue()]);
            n = qr[0];
        }
        while (b.length() < 43) {
            b.append('0');
        }
        return mode.secretPrefix() + b.reverse();
    }

    /** A key may create keys of its own mode; only a live key may create live keys. */
    public static Mode allowedMode(Mode caller, Mode requested) {
        Mode mode = requested == null ? caller : requested;
        if (mode == Mode.LIVE && caller != Mode.LIVE) {
            throw new ProblemException(dev.signport.platform.api.ProblemType.FORBIDDEN,
                    "A test key cannot create live keys; use a live key");
        }
        return mode;
    }
}
