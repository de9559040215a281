package dev.signport.contracts.cloudevents;

import dev.signport.contracts.Topics;

/** The {@code ce_source} value of each Signport producer. */
public final class EventSources {

    /** envelope-service: envelope events, provider commands, API keys. */
    public static final String ENVELOPE_SERVICE = "/signport/envelope-service";
    /** document-service: document events. */
    public static final String DOCUMENT_SERVICE = "/signport/document-service";
    /** webhook-service: webhook endpoint events. */
    public static final String WEBHOOK_SERVICE = "/signport/webhook-service";

    private EventSources() {
    }

    /** A connector-service's source: {@code /signport/connectors/<provider>} (same name rules as its topic). */
    public static String connector(String provider) {
        Topics.providerCommands(provider); // validates the name
        return "/signport/connectors/" + provider;
    }
}
