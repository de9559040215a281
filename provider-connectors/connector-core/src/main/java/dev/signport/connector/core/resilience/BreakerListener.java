package dev.signport.connector.core.resilience;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Told when a vendor's circuit breaker changes state (on whatever thread the guard runs). */
@FunctionalInterface
public interface BreakerListener {

    void changed(String vendor, CircuitBreakerState state);
}
