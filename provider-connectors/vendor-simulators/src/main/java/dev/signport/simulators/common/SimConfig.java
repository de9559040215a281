package dev.signport.simulators.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the simulated vendor accounts and of the outbound callbacks. */
@ConfigMapping(prefix = "sim")
public interface SimConfig {

    /** Base of the signer URLs handed out; unset = scheme, host and port of the request being answered. */
    Optional<String> publicBaseUrl();

    Certyneo certyneo();

    Okdokument okdokument();

    Callbacks callbacks();

    Calls calls();

    /** The Certyneo account. */
    interface Certyneo {
        /** The account's initial API key (env {@code SIM_CERTYNEO_API_KEY}). */
        @WithDefault("sk_test_sim_certyneo")
        String apiKey();

        RateLimit rateLimit();

        /** The vendor's documented upload limit. */
        @WithDefault("26214400")
        long maxDocumentBytes();
    }

    /** Token bucket per API key: refills {@code perMinute} tokens a minute, holds at most {@code burst}. */
    interface RateLimit {
        @WithDefault("100")
        int perMinute();

        @WithDefault("200")
        int burst();
    }

    /** The OKdokument account. */
    interface Okdokument {
        /** The account's API key (env {@code SIM_OKDOKUMENT_API_KEY}). */
        @WithDefault("okd_sim_key")
        String apiKey();

        /** Purchased signature requests at start and after a reset (env {@code SIM_OKDOKUMENT_QUOTA}). */
        @WithDefault("1000")
        int quota();

        /** Decoded size limit of {@code filedata.content}. */
        @WithDefault("10485760")
        long maxDocumentBytes();
    }

    /** Outbound webhooks (Certyneo) and completion callbacks (OKdokument). */
    interface Callbacks {
        /** Retries after the first failed attempt, as both vendors document. */
        @WithDefault("3")
        int retries();

        @WithDefault("PT1S")
        Duration retryDelay();

        /** Per attempt; a receiver that does not answer in time counts as a failure. */
        @WithDefault("PT5S")
        Duration timeout();
    }

    /** The per-vendor call log of the control API. */
    interface Calls {
        /** Oldest entries are dropped beyond this, so a long-running sandbox does not grow without bound. */
        @WithDefault("10000")
        int maxEntries();
    }
}
