package dev.signport.contracts.document;

import java.util.Objects;
import java.util.regex.Pattern;

/** Checks shared by the document event records. */
final class Checks {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Checks() {
    }

    static void sha256(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (!HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lowercase hex characters");
        }
    }

    static void sizes(long sizeBytes, int pages) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
        }
        if (pages < 0) {
            throw new IllegalArgumentException("pages must not be negative: " + pages);
        }
    }
}
