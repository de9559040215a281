package dev.signport.connector.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import java.time.Duration;
import java.util.Map;

/** Settings of a connector deployment ({@code signport.connector.*}); vendor credentials live in each adapter's own mapping. */
@ConfigMapping(prefix = "signport.connector")
public interface ConnectorConfig {

    /** The one provider this deployment serves ({@code certyneo}, {@code okdokument}…): its adapter, its command topic. */
    String provider();

    /**
     * Public base URL under which vendors reach {@code /callbacks/{provider}/{token}} on this deployment,
     * used when a command carries no {@code callbackBaseUrl}.
     */
    String callbackBaseUrl();

    /**
     * Base64 of a 32-byte AES key: seals the callback tokens (kept so that a resumed send gives the vendor
     * the same URL; looked up by hash) and vendor secrets (webhook signing secrets) at rest.
     */
    String secretKey();

    /**
     * How long a replica owns an envelope while it runs a sequence of vendor calls for it (send, cancel);
     * every recorded step extends it. A claim left by a crashed replica is taken over after it.
     */
    @WithDefault("PT2M")
    Duration claimLease();

    DocumentService documentService();

    Polling polling();

    Capabilities capabilities();

    /** Resilience settings per vendor name; a vendor without an entry gets the defaults. */
    @WithDefaults
    Map<String, Vendor> vendors();

    /** document-service's internal routes (the service token is {@code signport.internal.service-token}). */
    interface DocumentService {

        String url();

        /** Per call; PDFs of tens of megabytes travel both ways. */
        @WithDefault("PT30S")
        Duration timeout();
    }

    /** Polling of envelopes in flight. */
    interface Polling {

        /** How often a replica looks for due envelopes. */
        @WithDefault("PT1S")
        Duration tick();

        /** Envelopes claimed per look (SELECT … FOR UPDATE SKIP LOCKED, so replicas share them). */
        @WithDefault("50")
        int batchSize();

        /** Envelopes refreshed at once by one replica. */
        @WithDefault("4")
        int concurrency();

        /** First poll after a change, for vendors without callbacks; doubled while nothing changes. */
        @WithDefault("PT15S")
        Duration interval();

        /** For vendors with callbacks: a poll after this long without one (a dropped callback). */
        @WithDefault("PT5M")
        Duration callbackOverdue();

        /** Upper bound of the doubling. */
        @WithDefault("PT30M")
        Duration maxInterval();
    }

    /** Publishing of {@code ProviderCapabilities}. */
    interface Capabilities {

        /** How often the vendor is probed (availability, quota); also the trial call of an open breaker. */
        @WithDefault("PT30S")
        Duration probeInterval();

        /** Republished this often even without a change (the compacted topic keeps the latest). */
        @WithDefault("PT5M")
        Duration republishInterval();
    }

    /** One vendor's guard: timeout, retries, circuit breaker and client-side rate limit. */
    interface Vendor {

        /** Per attempt. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Attempts after the first, on network errors, timeouts, 5xx, 408 and 429 only. */
        @WithDefault("3")
        int maxRetries();

        /** Exponential backoff: first delay, doubled per retry up to {@code max-backoff}, plus jitter. */
        @WithDefault("PT0.5S")
        Duration initialBackoff();

        @WithDefault("PT20S")
        Duration maxBackoff();

        /** Random extra delay, up to this, added to each backoff so replicas do not retry in step. */
        @WithDefault("PT0.25S")
        Duration jitter();

        Breaker breaker();

        RateLimit rateLimit();
    }

    /** Opens when {@code failure-ratio} of the last {@code request-volume-threshold} attempts failed (5xx, timeout, network). */
    interface Breaker {

        @WithDefault("20")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long it stays open before letting a trial call through. */
        @WithDefault("PT30S")
        Duration delay();

        @WithDefault("1")
        int successThreshold();
    }

    /** Client-side pacing per vendor account: {@code burst} calls at once, then {@code per-minute}. */
    interface RateLimit {

        @WithDefault("600")
        int perMinute();

        @WithDefault("100")
        int burst();
    }
}
