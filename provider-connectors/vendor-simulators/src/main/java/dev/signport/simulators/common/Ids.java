package dev.signport.simulators.common;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Vendor-style identifiers and unguessable tokens (sign links, secrets, keys). */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code prefix} + 24 hex characters, e.g. {@code cenv_3f9a…}. */
    public static String id(String prefix) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** {@code prefix} + 32 URL-safe characters of 24 random bytes: for anything that grants access. */
    public static String secret(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
