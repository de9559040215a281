package dev.signport.document.api;

import dev.signport.document.config.DocumentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Uploads each tenant has in flight on this replica, for
 * {@code signport.documents.max-concurrent-uploads-per-tenant}. In memory, so the cap holds per
 * replica: N replicas let a tenant have up to N times as many uploads in flight.
 */
@ApplicationScoped
public class UploadSlots {

    private final int max;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    public UploadSlots(DocumentConfig config) {
        this.max = config.maxConcurrentUploadsPerTenant();
    }

    /** A slot for one more upload of {@code tenantId}, to be released exactly once; empty at the cap. */
    public Optional<Slot> tryAcquire(String tenantId) {
        if (max <= 0) {
            return Optional.of(new Slot(null));
        }
        boolean[] taken = {false};
        inFlight.compute(tenantId, (tenant, n) -> {
            int count = n == null ? 0 : n;
            if (count >= max) {
                return n;
            }
            taken[0] = true;
            return count + 1;
        });
        return taken[0] ? Optional.of(new Slot(tenantId)) : Optional.empty();
    }

    /** How many uploads of the tenant are in flight here. */
    public int inFlight(String tenantId) {
        return inFlight.getOrDefault(tenantId, 0);
    }

    /** One upload's place; releasing it twice is harmless. */
    public final class Slot {
        private final String tenantId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(String tenantId) {
            this.tenantId = tenantId;
        }

        public void release() {
            if (tenantId != null && released.compareAndSet(false, true)) {
                inFlight.computeIfPresent(tenantId, (tenant, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
