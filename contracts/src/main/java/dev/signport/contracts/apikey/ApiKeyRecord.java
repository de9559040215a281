package dev.signport.contracts.apikey;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One API key as every service sees it: the value of the compacted {@code signport.api-keys.v1} (key = key id).
 * The secret itself never leaves envelope-service; services authenticate a bearer secret by hashing it with
 * {@link ApiKeys#sha256Hex(String)} and looking the hash up. A tombstone (null value) means the key was deleted.
 *
 * @param keyId     {@code key_…}
 * @param keyHash   lowercase hex SHA-256 of the full secret ({@code sk_test_…} or {@code sk_live_…})
 * @param mode      derived from the secret's prefix
 * @param name      the label the tenant gave the key, or null
 * @param revoked   whether the key must be refused
 * @param revokedAt when it was revoked; present exactly when {@code revoked}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyRecord(
        String keyId,
        String tenantId,
        String keyHash,
        Mode mode,
        String name,
        Instant createdAt,
        boolean revoked,
        Instant revokedAt) {

    /** The {@code ce_type} of records on {@code signport.api-keys.v1} (created, renamed or revoked alike). */
    public static final String TYPE = "api_key.updated";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ApiKeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(keyHash, "keyHash");
        if (!SHA256_HEX.matcher(keyHash).matches()) {
            throw new IllegalArgumentException("keyHash must be 64 lowercase hex characters");
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(createdAt, "createdAt");
        if (revoked != (revokedAt != null)) {
            throw new IllegalArgumentException("revokedAt must be set exactly when revoked is true");
        }
    }

    /** This key, revoked at {@code at} (unchanged if already revoked). */
    public ApiKeyRecord revoke(Instant at) {
        Objects.requireNonNull(at, "at");
        return revoked ? this : new ApiKeyRecord(keyId, tenantId, keyHash, mode, name, createdAt, true, at);
    }
}
