package dev.signport.contracts;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Names of every Kafka topic Signport services exchange records on (DESIGN §5). */
public final class Topics {

    /** Public envelope lifecycle events; key = envelope id. */
    public static final String ENVELOPE_EVENTS = "signport.envelope-events.v1";
    /** Document uploads, deletions and produced PDFs; key = document id. */
    public static final String DOCUMENT_EVENTS = "signport.document-events.v1";
    /** Events from every provider connector to envelope-service; key = envelope id. */
    public static final String PROVIDER_EVENTS = "signport.provider-events.v1";
    /** Compacted: one {@code ApiKeyRecord} per key; key = key id. */
    public static final String API_KEYS = "signport.api-keys.v1";
    /** Compacted: one {@code ProviderCapabilities} per provider; key = provider name. */
    public static final String PROVIDER_CAPABILITIES = "signport.provider-capabilities.v1";
    /** Events about webhook endpoints (for example disabled), meant for their owner; key = webhook id. */
    public static final String WEBHOOK_EVENTS = "signport.webhook-events.v1";
    /** Poison records any consumer gave up on, with SmallRye's {@code dead-letter-*} headers. */
    public static final String DEAD_LETTER = "signport.dead-letter.v1";

    /** Every topic whose name does not depend on a provider. */
    public static final List<String> FIXED = List.of(
            ENVELOPE_EVENTS, DOCUMENT_EVENTS, PROVIDER_EVENTS, API_KEYS,
            PROVIDER_CAPABILITIES, WEBHOOK_EVENTS, DEAD_LETTER);

    private static final String PROVIDER_COMMANDS_PREFIX = "signport.provider.";
    private static final String PROVIDER_COMMANDS_SUFFIX = ".commands.v1";

    // Lowercase and without dots so that the topic name stays a legal Kafka name and splits unambiguously.
    private static final Pattern PROVIDER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private Topics() {
    }

    /**
     * The command topic of one provider's connector: {@code signport.provider.<provider>.commands.v1};
     * key = envelope id.
     *
     * @param provider a provider name such as {@link Providers#CERTYNEO}: lowercase letters, digits and
     *                 dashes, starting with a letter, at most 32 characters
     * @throws IllegalArgumentException if the name does not have that shape
     */
    public static String providerCommands(String provider) {
        Objects.requireNonNull(provider, "provider");
        if (!PROVIDER_NAME.matcher(provider).matches()) {
            throw new IllegalArgumentException("Invalid provider name '" + provider
                    + "': expected lowercase letters, digits or '-', starting with a letter, at most 32 characters");
        }
        return PROVIDER_COMMANDS_PREFIX + provider + PROVIDER_COMMANDS_SUFFIX;
    }
}
