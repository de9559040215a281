package dev.signport.contracts;

import java.util.List;

/** Names of the signature providers Signport ships a connector for. */
public final class Providers {

    /** Built-in PAdES signer (no external vendor). */
    public static final String LOCAL = "local";
    /** Certifaction, through its local client in server mode. */
    public static final String CERTIFACTION = "certifaction";
    /** CertEurope SignAPI (client TLS certificate). */
    public static final String CERTEUROPE = "certeurope";
    /** Certyneo API v1. */
    public static final String CERTYNEO = "certyneo";
    /** OKdokument. */
    public static final String OKDOKUMENT = "okdokument";

    /** Every known provider, built-in signer first. */
    public static final List<String> ALL = List.of(LOCAL, CERTIFACTION, CERTEUROPE, CERTYNEO, OKDOKUMENT);

    private Providers() {
    }

    /** Whether {@code name} is one of {@link #ALL}. */
    public static boolean isKnown(String name) {
        return name != null && ALL.contains(name);
    }
}
