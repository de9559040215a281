package dev.signport.connector.core.domain;

import dev.signport.platform.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The unguessable part of an envelope's callback URL {@code /callbacks/{provider}/{token}}: 32 random
 * bytes, base64url. Looked up by its SHA-256 (a database reader cannot call back as a vendor).
 */
public final class CallbackTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private CallbackTokens() {}

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Hashing.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code token} could be one of ours (saves a database lookup for junk). */
    public static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    public static String url(String baseUrl, String provider, String token) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/callbacks/" + provider + "/" + token;
    }
}
