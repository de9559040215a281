package dev.signport.webhook.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks v1 (VENDORS.md "Outbound conventions"): secrets are {@code whsec_} + base64 of random bytes;
 * the signature of one attempt is {@code v1,} + base64 HMAC-SHA256, keyed with the decoded secret, of
 * {@code <webhook-id>.<webhook-timestamp>.<body>}; several signatures (during a rotation) are separated by spaces.
 */
public final class Signatures {

    public static final String PREFIX = "whsec_";
    /** 32 random bytes: the spec asks for at least 24. */
    static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The HMAC key of a {@code whsec_} secret. */
    public static byte[] keyOf(String secret) {
        String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(b64);
    }

    /** One {@code v1,<base64>} signature. */
    public static String sign(byte[] key, String messageId, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code webhook-signature} header value: one signature per key, newest key first. */
    public static String header(List<byte[]> keys, String messageId, long timestampSeconds, byte[] body) {
        StringBuilder b = new StringBuilder();
        for (byte[] key : keys) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(sign(key, messageId, timestampSeconds, body));
        }
        return b.toString();
    }
}
