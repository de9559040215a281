package dev.signport.envelope.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Lifecycle defaults and timers of envelope-service ({@code signport.envelopes.*}). */
@ConfigMapping(prefix = "signport.envelopes")
public interface EnvelopeConfig {

    /** Every provider name Signport knows; anything else is "unknown provider" (422). */
    @WithDefault("local,certifaction,certeurope,certyneo,okdokument")
    List<String> providers();

    /** Providers a TEST key may reach besides the simulators behind every vendor's connector (see README). */
    @WithDefault("local")
    String defaultTestProvider();

    /** Provider for LIVE keys of tenants that chose none; empty = such envelopes must name one. */
    Optional<String> defaultLiveProvider();

    @WithDefault("SES")
    String defaultSignatureLevel();

    /** How long {@code POST /send} waits for the provider when the client gives no {@code ?wait=}. */
    @WithDefault("10s")
    Duration sendWait();

    /** The longest {@code ?wait=} a client may ask for. */
    @WithDefault("30s")
    Duration sendWaitMax();

    /** A provider that has not accepted within this is "unavailable": fail over, or FAILED. */
    @WithDefault("5m")
    Duration sendDeadline();

    /** First pause before re-sending after a retryable provider failure; doubles per retry up to 5 minutes. */
    @WithDefault("5s")
    Duration sendRetryBackoff();

    /**
     * How long creating an envelope waits for a document it does not know yet: a client uploads and creates at
     * once, and the document's event may still be on its way from document-service.
     */
    @WithDefault("3s")
    Duration documentWait();

    /** How often the timers (expiry, send deadline, retries, reminders, key last-use) are checked. */
    @WithDefault("1s")
    Duration timerInterval();

    /** Envelopes handled per timer kind and pass. */
    @WithDefault("100")
    int timerBatch();

    /** Public base URL under which /callbacks/* is reachable, passed to connectors; empty = theirs. */
    Optional<String> callbackBaseUrl();

    /** Locale of vendor pages and mails when the envelope's metadata does not give {@code locale}. */
    Optional<String> defaultLocale();
}
