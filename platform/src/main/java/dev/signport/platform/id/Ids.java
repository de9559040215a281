package dev.signport.platform.id;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Prefixed, opaque, time-sortable identifiers such as {@code doc_01JD3…}: a ULID (48-bit
 * millisecond timestamp + 80 random bits, Crockford base32) behind a type prefix. Lexical order is
 * creation order (monotonic within a process, even within one millisecond), which keeps cursor
 * pagination on the primary key cheap.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long LOW_MASK = (1L << 40) - 1;

    private static long lastMillis;
    private static long lastHi;
    private static long lastLo;

    private Ids() {}

    public static String newId(String prefix) {
        return prefix + "_" + ulid(System.currentTimeMillis());
    }

    /** True when {@code id} has the given prefix and a well-formed ULID body. */
    public static boolean isValid(String prefix, String id) {
        return id != null && id.length() == prefix.length() + 27 && id.startsWith(prefix + "_")
                && ULID.matcher(id.substring(prefix.length() + 1)).matches();
    }

    static synchronized String ulid(long millis) {
        long hi;
        long lo;
        if (millis <= lastMillis) {
            // Same (or an earlier, clock stepped back) millisecond: increment the random part.
            millis = lastMillis;
            lo = (lastLo + 1) & LOW_MASK;
            hi = lo == 0 ? (lastHi + 1) & LOW_MASK : lastHi;
        } else {
            hi = RANDOM.nextLong() & LOW_MASK;
            lo = RANDOM.nextLong() & LOW_MASK;
        }
        lastMillis = millis;
        lastHi = hi;
        lastLo = lo;
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
