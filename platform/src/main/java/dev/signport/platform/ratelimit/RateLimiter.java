package dev.signport.platform.ratelimit;

import dev.signport.platform.config.RateLimitConfig;
import javax.sql.DataSource;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Token buckets per API key held in PostgreSQL through Bucket4j, so the budget is shared by every
 * replica of every service (a per-pod limit would multiply with the replica count). Calls block on
 * JDBC: callers must run them off the event loop.
 */
@ApplicationScoped
public class RateLimiter {

    private final RateLimitConfig config;
    private final ProxyManager<String> buckets;
    private final Supplier<BucketConfiguration> bucketConfig;

    public RateLimiter(RateLimitConfig config, DataSource dataSource) {
        this.config = config;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(config.table())
                .expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(5)))
                .build();
        BucketConfiguration c = BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder()
                        .capacity(config.burstCapacity())
                        .refillGreedy(config.refillTokens(), config.refillPeriod())
                        .build())
                .build();
        this.bucketConfig = () -> c;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Takes one token from {@code key}'s bucket. Blocking. */
    public Decision tryConsume(String key) {
        ConsumptionProbe probe = buckets.builder().build(key, bucketConfig).tryConsumeAndReturnRemaining(1);
        long capacity = config.burstCapacity();
        long remaining = probe.getRemainingTokens();
        // Seconds until the bucket is full again: what RateLimit-Reset reports.
        double perTokenNanos = (double) config.refillPeriod().toNanos() / config.refillTokens();
        long resetSeconds = (long) Math.ceil((capacity - remaining) * perTokenNanos / 1e9);
        long retryAfter = probe.isConsumed() ? 0
                : Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / (double) TimeUnit.SECONDS.toNanos(1)));
        return new Decision(probe.isConsumed(), capacity, remaining, resetSeconds, retryAfter);
    }

    /** Outcome of one request against the budget, with what the RateLimit-* headers report. */
    public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {}
}
