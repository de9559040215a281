package dev.signport.connector.core.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.domain.ActiveProvider;
import dev.signport.connector.core.polling.Background;
import dev.signport.connector.core.resilience.VendorUnreachable;
import dev.signport.connector.core.spi.Features;
import dev.signport.connector.core.spi.Probe;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.cloudevents.EventSources;
import dev.signport.contracts.provider.ProviderCapabilities;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes this deployment's {@link ProviderCapabilities} on the compacted
 * {@code signport.provider-capabilities.v1} (key = provider name): at start, whenever availability
 * changes (circuit breaker opened or closed, quota used up or refilled) and every
 * {@code republish-interval}, after probing the vendor (which refreshes the quota). While the circuit
 * breaker is not closed the vendor is probed every {@code probe-interval}: that is the trial call which
 * closes it again when nothing else calls the vendor.
 *
 * <p>Capabilities are a snapshot, not a state change of ours, so they are sent straight to Kafka (not
 * through the outbox); a lost send is repaired by the next one. Availability is this replica's view: with
 * several replicas the latest record wins, and each replica republishes periodically.
 */
@ApplicationScoped
public class CapabilitiesPublisher {

    private static final Logger LOG = Logger.getLogger(CapabilitiesPublisher.class);

    private final ActiveProvider provider;
    private final ConnectorConfig config;
    private final MutinyEmitter<String> emitter;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile CircuitBreakerState breaker = CircuitBreakerState.CLOSED;
    private volatile Long quotaRemaining;
    private volatile String lastPublished;
    private volatile long probeTimer = -1;
    private volatile long republishTimer = -1;

    public CapabilitiesPublisher(ActiveProvider provider, ConnectorConfig config,
            @Channel("provider-capabilities") MutinyEmitter<String> emitter, ObjectMapper mapper, Vertx vertx,
            MeterRegistry registry) {
        this.provider = provider;
        this.config = config;
        this.emitter = emitter;
        this.mapper = mapper;
        this.vertx = vertx;
        Gauge.builder("signport.connector.quota.remaining", this, p -> p.quotaRemaining == null ? Double.NaN : p.quotaRemaining)
                .description("Signatures left on the vendor account (vendors selling them by the unit)")
                .tag("provider", provider.name()).register(registry);
        Gauge.builder("signport.connector.available", this, p -> p.current(Instant.EPOCH).available() ? 1 : 0)
                .description("1 when this replica reports the provider available")
                .tag("provider", provider.name()).register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        provider.guard().addListener((vendor, state) -> {
            breaker = state;
            publishIfChanged();
        });
        publish(true);
        // While the breaker is not closed, the probe is its trial call; otherwise the vendor is probed (quota
        // refreshed) only before each periodic republish, to spend little of its rate limit.
        probeTimer = vertx.setPeriodic(config.capabilities().probeInterval().toMillis(), id -> {
            if (breaker != CircuitBreakerState.CLOSED) {
                probe(false);
            }
        });
        republishTimer = vertx.setPeriodic(config.capabilities().republishInterval().toMillis(), id -> probe(true));
        probe(false);
    }

    void stop(@Observes ShutdownEvent ignored) {
        vertx.cancelTimer(probeTimer);
        vertx.cancelTimer(republishTimer);
    }

    /** The vendor said the quota is used up (e.g. OKdokument's 402): tell envelope-service at once. */
    public void quotaExhausted() {
        quotaRemaining = 0L;
        publishIfChanged();
    }

    public Long quotaRemaining() {
        return quotaRemaining;
    }

    public CircuitBreakerState breaker() {
        return breaker;
    }

    /** What would be published now. */
    public ProviderCapabilities current(Instant checkedAt) {
        Features f = provider.get().features();
        String reason = null;
        if (breaker != CircuitBreakerState.CLOSED) {
            reason = provider.name() + " is failing: circuit breaker " + breaker.name().toLowerCase().replace('_', '-');
        } else if (quotaRemaining != null && quotaRemaining <= 0) {
            reason = "No signature requests left on the " + provider.name() + " account";
        }
        return new ProviderCapabilities(provider.name(), f.levels(), f.multiSigner(), f.sequential(), f.otp(),
                f.reminders(), f.anchors(), f.fieldTypes(), f.maxDocumentBytes(), reason == null, reason,
                quotaRemaining, checkedAt);
    }

    /** Probes the vendor (its adapter guards the call), then publishes if anything changed, or always. */
    private void probe(boolean republish) {
        if (!probing.compareAndSet(false, true)) {
            if (republish) {
                publish(true);
            }
            return;
        }
        Background.onOwnContext(vertx, () -> provider.get().probe())
                .subscribe().with(result -> {
                    probing.set(false);
                    if (result != null && result.quotaRemaining() != null) {
                        quotaRemaining = result.quotaRemaining();
                    }
                    publish(republish);
                }, e -> {
                    probing.set(false);
                    if (!(e instanceof VendorUnreachable u && u.kind() == VendorUnreachable.Kind.BREAKER_OPEN)) {
                        LOG.infof("Probe of %s failed: %s", provider.name(), e.getMessage());
                    }
                    publish(republish);
                });
    }

    private void publishIfChanged() {
        publish(false);
    }

    private synchronized void publish(boolean always) {
        Instant now = Instant.now();
        ProviderCapabilities caps = current(now);
        String comparable = json(current(Instant.EPOCH));
        if (!always && Objects.equals(comparable, lastPublished)) {
            return;
        }
        lastPublished = comparable;
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
        add(headers, CloudEventHeaders.CE_ID, UUID.randomUUID().toString());
        add(headers, CloudEventHeaders.CE_SOURCE, EventSources.connector(provider.name()));
        add(headers, CloudEventHeaders.CE_TYPE, ProviderCapabilities.TYPE);
        add(headers, CloudEventHeaders.CE_TIME, DateTimeFormatter.ISO_INSTANT.format(now));
        add(headers, CloudEventHeaders.CE_SUBJECT, provider.name());
        add(headers, CloudEventHeaders.CE_PARTITIONKEY, provider.name());
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        Message<String> message = Message.of(json(caps)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(provider.name()).withTopic(Topics.PROVIDER_CAPABILITIES).withHeaders(headers).build());
        LOG.infof("Publishing capabilities of %s: available=%s%s", provider.name(), caps.available(),
                caps.quotaRemaining() == null ? "" : ", quota " + caps.quotaRemaining());
        emitter.sendMessage(message).subscribe().with(ok -> { }, e -> {
            lastPublished = null; // try again at the next change or republish
            LOG.warnf("Could not publish capabilities of %s: %s", provider.name(), e.toString());
        });
    }

    private String json(ProviderCapabilities caps) {
        try {
            return mapper.writeValueAsString(caps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** For the quota a vendor reports after each use, when it does. */
    public Uni<Void> quota(long remaining) {
        quotaRemaining = remaining;
        publishIfChanged();
        return Uni.createFrom().voidItem();
    }
}
