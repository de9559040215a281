package dev.signport.simulators.common;

import java.util.Optional;

/** The simulated vendors; {@link #key()} is their URL prefix and their name in the control API. */
public enum Vendor {
    CERTYNEO("certyneo"),
    OKDOKUMENT("okdokument");

    private final String key;

    Vendor(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<Vendor> fromKey(String key) {
        for (Vendor v : values()) {
            if (v.key.equals(key)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The vendor whose prefix starts this (normalised) request path, if any. */
    public static Optional<Vendor> fromPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (Vendor v : values()) {
            String prefix = "/" + v.key;
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
