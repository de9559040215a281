package dev.signport.envelope.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.envelope.store.ProviderCapability;
import dev.signport.platform.messaging.ConsumerRetries;
import dev.signport.platform.messaging.PermanentFailure;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/**
 * Keeps the latest capabilities of every provider from the compacted signport.provider-capabilities.v1; validation
 * and routing read them from the table, so every replica sees the same. Older announcements never replace newer.
 */
@ApplicationScoped
public class CapabilitiesConsumer {

    public static final String CONSUMER = "envelope-service.provider-capabilities";

    private final ObjectMapper mapper;
    private final ConsumerRetries retries;

    public CapabilitiesConsumer(ObjectMapper mapper, ConsumerRetries retries) {
        this.mapper = mapper;
        this.retries = retries;
    }

    @Incoming("provider-capabilities")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // A tombstone: the provider was withdrawn.
            return retries.untilDone(CONSUMER, () -> Panache.withTransaction(
                    () -> ProviderCapability.deleteById(record.key()))).replaceWithVoid();
        }
        ProviderCapabilities caps;
        try {
            caps = mapper.readValue(record.value(), ProviderCapabilities.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new PermanentFailure("Unreadable capabilities of " + record.key(), e));
        }
        return retries.untilDone(CONSUMER, () -> Panache.withTransaction(() -> ProviderCapability
                .<ProviderCapability>findById(caps.provider()).chain(existing -> {
                    if (existing != null && existing.checkedAt.isAfter(caps.checkedAt())) {
                        return Uni.createFrom().voidItem();
                    }
                    ProviderCapability row = existing != null ? existing : new ProviderCapability();
                    row.provider = caps.provider();
                    row.capabilities = caps;
                    row.checkedAt = caps.checkedAt();
                    row.updatedAt = Instant.now();
                    return existing != null ? Uni.createFrom().voidItem() : row.persist().replaceWithVoid();
                }))).replaceWithVoid();
    }
}
