package dev.signport.contracts.apikey;

import dev.signport.contracts.Mode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/** Pure helpers every service uses to authenticate API key secrets against {@link ApiKeyRecord}s. */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** Lowercase hex SHA-256 of the secret's UTF-8 bytes: the {@link ApiKeyRecord#keyHash()} of that secret. */
    public static String sha256Hex(String secret) {
        Objects.requireNonNull(secret, "secret");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    /**
     * The mode a secret's prefix says ({@code sk_test_} → TEST, {@code sk_live_} → LIVE); empty for null, for any
     * other prefix, or when nothing follows the prefix.
     */
    public static Optional<Mode> modeOf(String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        for (Mode mode : Mode.values()) {
            String prefix = mode.secretPrefix();
            if (secret.startsWith(prefix) && secret.length() > prefix.length()) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
