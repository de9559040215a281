package dev.signport.webhook.domain;

import dev.signport.webhook.config.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the endpoints' signing secrets at rest with AES-256-GCM under the key of
 * {@code signport.webhooks.secret-key}. The endpoint id is the associated data, so a sealed secret copied onto
 * another endpoint's row does not open. Layout: version byte, 12-byte nonce, ciphertext and tag.
 */
@ApplicationScoped
public class SecretBox {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Inject
    public SecretBox(WebhookConfig config) {
        this(config.secretKey());
    }

    public SecretBox(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("signport.webhooks.secret-key is not base64");
        }
        if (raw.length != 32) {
            // Never echo the value: it is the key.
            throw new IllegalStateException("signport.webhooks.secret-key must be 32 bytes (base64), got "
                    + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(String webhookId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a webhook secret", e);
        }
    }

    public String open(String webhookId, byte[] sealed) {
        if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("Sealed secret of " + webhookId + " has an unknown layout");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            c.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key (secret-key changed) or a tampered row; the message names neither value.
            throw new IllegalStateException("Cannot open the signing secret of " + webhookId
                    + " (was signport.webhooks.secret-key changed?)");
        }
    }
}
