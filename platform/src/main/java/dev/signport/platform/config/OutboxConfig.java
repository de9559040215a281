package dev.signport.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Outbox relay settings. */
@ConfigMapping(prefix = "signport.outbox")
public interface OutboxConfig {

    /** Whether this process runs a relay; several may, only one publishes at a time. */
    @WithDefault("true")
    boolean relayEnabled();

    @WithDefault("500")
    int batchSize();

    /** Fallback poll when no NOTIFY arrives (e.g. the listening connection was lost). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/signport/${quarkus.application.name:service}")
    String source();

    /**
     * How long published rows are kept for inspection before housekeeping deletes them; zero (the
     * default) deletes each row in the transaction that publishes it, so the table stays a short
     * queue (Kafka keeps the history).
     */
    @WithDefault("PT0S")
    Duration retention();
}
