package dev.signport.contracts.envelope;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Validation and copying shared by the envelope event records. */
final class Checks {

    private Checks() {
    }

    /** An unmodifiable copy that keeps the caller's order (so JSON output is stable); null becomes empty. */
    static Map<String, String> metadata(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        metadata.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, "metadata key"),
                Objects.requireNonNull(value, () -> "metadata value of " + key)));
        return Collections.unmodifiableMap(copy);
    }

    /** Events whose type implies the envelope status still carry it, so every event has one; it must match. */
    static void status(EnvelopeStatus actual, EnvelopeStatus expected, String type) {
        Objects.requireNonNull(actual, "status");
        if (actual != expected) {
            throw new IllegalArgumentException(type + " must carry status " + expected + ", not " + actual);
        }
    }
}
