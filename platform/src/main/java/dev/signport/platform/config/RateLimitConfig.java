package dev.signport.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Per-key request budget, Certyneo's contract by default: 100/min sustained, bursts up to 200. */
@ConfigMapping(prefix = "signport.rate-limit")
public interface RateLimitConfig {

    @WithDefault("true")
    boolean enabled();

    /** Tokens refilled per {@link #refillPeriod()}: the sustained rate. */
    @WithDefault("100")
    long refillTokens();

    @WithDefault("PT1M")
    Duration refillPeriod();

    /** Bucket size: how many requests a key may burst at once. */
    @WithDefault("200")
    long burstCapacity();

    /** Shared table (schema-qualified) so that all replicas of all services draw on one budget per key. */
    @WithDefault("ratelimit.key_budget")
    String table();

    /**
     * Most tokens one replica takes from the shared budget at once for a busy key, then spends
     * locally without a database round trip. Leases start at one token and double while a key
     * spends them within {@link #leaseTtl()}, so a quiet key costs one round trip per request and a
     * flooding one a round trip per {@code lease-max} requests. With N replicas a key may overrun
     * its budget by at most N x lease-max requests. 1 disables leasing.
     */
    @WithDefault("20")
    int leaseMax();

    /** How long leased tokens may be spent; unspent ones are dropped (they count as used). */
    @WithDefault("PT1S")
    Duration leaseTtl();

    /** Longest wait for the shared budget before the local fallback decides. */
    @WithDefault("PT0.25S")
    Duration timeout();

    /** At most one warning per this interval while the shared budget is unavailable. */
    @WithDefault("PT30S")
    Duration failureLogInterval();
}
