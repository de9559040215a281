package dev.signport.webhook.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything webhook-service can be told ({@code signport.webhooks.*}); README lists the env vars. */
@ConfigMapping(prefix = "signport.webhooks")
public interface WebhookConfig {

    /**
     * Base64 of the 32-byte AES key that seals the endpoints' signing secrets at rest. Required in production;
     * changing it makes every stored secret unreadable (rotate the endpoints' secrets after such a change).
     */
    String secretKey();

    /** How long a rotated-out secret keeps signing next to the new one. */
    @WithDefault("24h")
    Duration secretOverlap();

    /** How long the tenants' events are kept for retries and replay. */
    @WithDefault("30d")
    Duration eventRetention();

    /** An endpoint whose every delivery failed for this long is disabled ({@code webhook.endpoint_disabled}). */
    @WithDefault("5d")
    Duration disableAfter();

    Delivery delivery();

    Ssrf ssrf();

    Resolver resolver();

    /** How deliveries are sent. */
    interface Delivery {

        /** Whether this replica sends deliveries at all (the API and the consumer work without). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Pause before each attempt, the first one included (VENDORS.md: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
         * 14 h, 20 h, 24 h, about 3 days); the number of entries is the number of attempts before a delivery is
         * dead-lettered.
         */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,14h,20h,24h")
        List<Duration> schedule();

        /** Each pause is moved by up to this fraction either way, so failed deliveries do not retry in lockstep. */
        @WithDefault("0.2")
        double jitter();

        /** The whole attempt (connect, send, response) must finish within this. */
        @WithDefault("15s")
        Duration timeout();

        /** Connecting must finish within this (capped by {@link #timeout()}). */
        @WithDefault("5s")
        Duration connectTimeout();

        /** A Retry-After longer than this is taken as this. */
        @WithDefault("24h")
        Duration maxRetryAfter();

        /** Requests in flight at once on this replica, over all endpoints. */
        @WithDefault("256")
        int maxInFlight();

        /**
         * Requests in flight at once to one endpoint on this replica, so that a slow or dead endpoint can take at
         * most this many of the {@link #maxInFlight()} slots.
         */
        @WithDefault("16")
        int perEndpointConcurrency();

        /** Deliveries claimed per query. */
        @WithDefault("200")
        int claimBatch();

        /**
         * How long a claim is exclusive. A delivery whose remaining lease cannot cover a whole attempt is released
         * rather than sent, so an attempt never outlives its claim; a crashed replica's claims are retaken after it.
         */
        @WithDefault("60s")
        Duration lease();

        /** How often due deliveries are looked for when nothing woke the workers (retries, other replicas). */
        @WithDefault("250ms")
        Duration pollInterval();

        /** Stored response bodies are cut to this many bytes. */
        @WithDefault("4096")
        int responseBodyLimit();

        /** PEM file of extra CAs to trust for https endpoints (a private PKI, tests); the JVM's CAs otherwise. */
        Optional<String> trustPem();
    }

    /** Which addresses deliveries may reach. */
    interface Ssrf {

        /** Allow {@code http://} URLs (the local demo); production endpoints must be https. */
        @WithDefault("false")
        boolean allowHttp();

        /**
         * CIDRs ({@code 127.0.0.0/8}, {@code fd00::/8}) and host names that may be reached although they are
         * loopback, private, link-local or otherwise internal. A host name listed here is trusted whatever it
         * resolves to.
         */
        Optional<List<String>> allow();
    }

    /** How host names are resolved. */
    interface Resolver {

        /**
         * Fixed answers (host name → IP address), consulted before DNS: for tests and closed networks, like an
         * /etc/hosts of this service only.
         */
        Map<String, String> hosts();

        /** How long a DNS answer is reused; the address is checked again on every attempt either way. */
        @WithDefault("30s")
        Duration cacheTtl();
    }
}
