package dev.signport.connector.okdokument;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The OKdokument account of this deployment ({@code signport.connector.okdokument.*}). */
@ConfigMapping(prefix = "signport.connector.okdokument")
public interface OkdokumentConfig {

    /** API base, without {@code /JSON}: the vendor's host, or a simulator's {@code …/okdokument}. */
    String baseUrl();

    /** The {@code x-api-key}; required when this deployment serves OKdokument. Never logged. */
    Optional<String> apiKey();

    @WithDefault("PT5S")
    Duration connectTimeout();
}
