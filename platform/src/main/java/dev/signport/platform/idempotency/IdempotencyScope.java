package dev.signport.platform.idempotency;

import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/** The claim the current request holds on its {@code Idempotency-Key}, if it sent one. */
@RequestScoped
public class IdempotencyScope {

    record Claim(String tenantId, String key, UUID owner) {}

    private Claim claim;
    private boolean recorded;

    void begin(Claim claim) {
        this.claim = claim;
    }

    Claim claim() {
        return claim;
    }

    void markRecorded() {
        recorded = true;
    }

    boolean recorded() {
        return recorded;
    }
}
