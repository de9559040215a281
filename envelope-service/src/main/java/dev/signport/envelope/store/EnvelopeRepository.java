package dev.signport.envelope.store;

import dev.signport.platform.store.TenantRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class EnvelopeRepository implements TenantRepository<Envelope> {

    @Override
    public String resourceName() {
        return "Envelope";
    }

    /** When the envelope waiting longest for its provider's acceptance was sent to it, or null when none waits. */
    public Uni<Instant> oldestSending() {
        return find("select min(updatedAt) from Envelope where status = ?1",
                dev.signport.contracts.envelope.EnvelopeStatus.SENDING).project(Instant.class).firstResult();
    }

    /** Ids of envelopes whose timer {@code column} is due, oldest first; the caller re-checks each under lock. */
    public Uni<List<String>> due(String column, String statusFilter, Instant now, int limit) {
        return find("select id from Envelope where " + column + " <= ?1 and deletedAt is null and " + statusFilter
                        + " order by " + column, now)
                .project(String.class).page(0, limit).list();
    }
}
