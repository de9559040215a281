package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * What a connector learned from its vendor, the value of a record on {@code signport.provider-events.v1}
 * (key = envelope id). envelope-service ignores events whose {@code provider} is not the envelope's current one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ProviderAccepted.class, name = ProviderAccepted.TYPE),
        @JsonSubTypes.Type(value = ProviderRecipientViewed.class, name = ProviderRecipientViewed.TYPE),
        @JsonSubTypes.Type(value = ProviderRecipientSigned.class, name = ProviderRecipientSigned.TYPE),
        @JsonSubTypes.Type(value = ProviderRecipientDeclined.class, name = ProviderRecipientDeclined.TYPE),
        @JsonSubTypes.Type(value = ProviderCompleted.class, name = ProviderCompleted.TYPE),
        @JsonSubTypes.Type(value = ProviderDeclined.class, name = ProviderDeclined.TYPE),
        @JsonSubTypes.Type(value = ProviderCancelled.class, name = ProviderCancelled.TYPE),
        @JsonSubTypes.Type(value = ProviderFailed.class, name = ProviderFailed.TYPE)
})
public sealed interface ProviderEvent
        permits ProviderAccepted, ProviderRecipientViewed, ProviderRecipientSigned, ProviderRecipientDeclined,
        ProviderCompleted, ProviderDeclined, ProviderCancelled, ProviderFailed {

    /** The event type, for example {@code provider.accepted}; also the {@code ce_type} header. */
    String type();

    /** The envelope ({@code env_…}); also the record key and {@code ce_subject}. */
    String envelopeId();

    /** The tenant owning the envelope. */
    String tenantId();

    /** The provider that produced the event, for example {@code certyneo}. */
    String provider();

    /** The vendor's id of the envelope (or request), or null when the vendor never assigned one. */
    String externalId();

    /** The command this event answers, or null when the vendor reported it on its own. */
    String commandId();

    /** When it happened at the vendor (or when the connector noticed, if the vendor gives no time). */
    Instant occurredAt();
}
