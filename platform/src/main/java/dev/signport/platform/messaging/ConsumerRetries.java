package dev.signport.platform.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How a consumer of an ordered stream handles failure: a transient one (database or broker blip,
 * timeout, lock conflict) is retried with exponential backoff and jitter for as long as it takes,
 * the partition waiting meanwhile, which is right for an ordered stream; only a record that can
 * never be processed ({@link #isPermanent}) fails at once and is dead-lettered by the channel.
 * Retries are counted in {@code signport.consumer.retries{consumer}} so a stuck partition shows.
 */
@ApplicationScoped
public class ConsumerRetries {

    private static final Logger LOG = Logger.getLogger(ConsumerRetries.class);

    private final MeterRegistry registry;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public ConsumerRetries(MeterRegistry registry,
            @ConfigProperty(name = "signport.consumer.retry.initial-backoff", defaultValue = "PT0.2S") Duration initialBackoff,
            @ConfigProperty(name = "signport.consumer.retry.max-backoff", defaultValue = "PT15S") Duration maxBackoff) {
        this.registry = registry;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Runs {@code work} (subscribed anew on each attempt) until it succeeds or fails permanently. */
    public <T> Uni<T> untilDone(String consumer, Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure(e -> !isPermanent(e)).invoke(e -> {
                    registry.counter("signport.consumer.retries", "consumer", consumer).increment();
                    LOG.warnf("%s: transient failure, retrying with backoff: %s", consumer, e.toString());
                })
                .onFailure(e -> !isPermanent(e)).retry()
                .withBackOff(initialBackoff, maxBackoff).withJitter(0.2).atMost(Long.MAX_VALUE);
    }

    /**
     * Whether retrying could never help: the record is unreadable or invalid, or the database
     * refused the data itself (SQL state classes 22 data exception, 23 integrity violation, 42
     * syntax or access rule), as opposed to being unreachable or busy.
     */
    public static boolean isPermanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PermanentFailure || t instanceof IllegalArgumentException
                    || t instanceof com.fasterxml.jackson.core.JsonProcessingException
                    || t instanceof jakarta.validation.ValidationException) {
                return true;
            }
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("42"))) {
                return true;
            }
        }
        return false;
    }
}
