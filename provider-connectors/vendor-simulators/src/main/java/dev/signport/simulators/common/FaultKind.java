package dev.signport.simulators.common;

import java.util.Optional;

/** What an injected fault does; {@link #key()} is its name in the control API. */
public enum FaultKind {
    /** Answer the matched API call with a given status and the vendor's error body. */
    STATUS("status", false),
    /** Answer the matched API call only after a pause. */
    DELAY("delay", false),
    /** Do not send the next callback. */
    DROP_CALLBACK("drop-callback", true),
    /** Send the next callback twice (same delivery id), as at-least-once senders do. */
    DUPLICATE_CALLBACK("duplicate-callback", true);

    private final String key;
    private final boolean callback;

    FaultKind(String key, boolean callback) {
        this.key = key;
        this.callback = callback;
    }

    public String key() {
        return key;
    }

    /** Whether the fault acts on outbound callbacks rather than on inbound API calls. */
    public boolean callback() {
        return callback;
    }

    public static Optional<FaultKind> fromKey(String key) {
        for (FaultKind k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
