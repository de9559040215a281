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

    /** Shared table so that all replicas of all services draw on one budget per key. */
    @WithDefault("ratelimit.bucket")
    String table();
}
