package dev.signport.connector.certyneo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The Certyneo account of this deployment ({@code signport.connector.certyneo.*}). */
@ConfigMapping(prefix = "signport.connector.certyneo")
public interface CertyneoConfig {

    /** API base, without {@code /api/v1}: {@code https://certyneo.com}, or a simulator's {@code …/certyneo}. */
    @WithDefault("https://certyneo.com")
    String baseUrl();

    /** {@code sk_live_…} / {@code sk_test_…}; required when this deployment serves Certyneo. Never logged. */
    Optional<String> apiKey();

    @WithDefault("PT5S")
    Duration connectTimeout();
}
