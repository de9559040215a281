package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.signport.contracts.Mode;

import java.time.Instant;
import java.util.Map;

/**
 * A public envelope lifecycle event, the value of a record on {@code signport.envelope-events.v1}
 * (key = envelope id); the JSON {@code type} property equals the CloudEvents {@code ce_type}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = EnvelopeCreated.class, name = EnvelopeCreated.TYPE),
        @JsonSubTypes.Type(value = EnvelopeUpdated.class, name = EnvelopeUpdated.TYPE),
        @JsonSubTypes.Type(value = EnvelopeDeleted.class, name = EnvelopeDeleted.TYPE),
        @JsonSubTypes.Type(value = EnvelopeSent.class, name = EnvelopeSent.TYPE),
        @JsonSubTypes.Type(value = EnvelopeCompleted.class, name = EnvelopeCompleted.TYPE),
        @JsonSubTypes.Type(value = EnvelopeDeclined.class, name = EnvelopeDeclined.TYPE),
        @JsonSubTypes.Type(value = EnvelopeCancelled.class, name = EnvelopeCancelled.TYPE),
        @JsonSubTypes.Type(value = EnvelopeExpired.class, name = EnvelopeExpired.TYPE),
        @JsonSubTypes.Type(value = EnvelopeFailed.class, name = EnvelopeFailed.TYPE),
        @JsonSubTypes.Type(value = EnvelopeProviderChanged.class, name = EnvelopeProviderChanged.TYPE),
        @JsonSubTypes.Type(value = RecipientNotified.class, name = RecipientNotified.TYPE),
        @JsonSubTypes.Type(value = RecipientViewed.class, name = RecipientViewed.TYPE),
        @JsonSubTypes.Type(value = RecipientSigned.class, name = RecipientSigned.TYPE),
        @JsonSubTypes.Type(value = RecipientDeclined.class, name = RecipientDeclined.TYPE)
})
public sealed interface EnvelopeEvent
        permits EnvelopeCreated, EnvelopeUpdated, EnvelopeDeleted, EnvelopeSent, EnvelopeCompleted, EnvelopeDeclined, EnvelopeCancelled,
        EnvelopeExpired, EnvelopeFailed, EnvelopeProviderChanged, RecipientEvent {

    /** The event type, for example {@code envelope.completed}; also the {@code ce_type} header. */
    String type();

    /** The envelope ({@code env_…}); also the record key and {@code ce_subject}. */
    String envelopeId();

    /** The tenant owning the envelope; also {@code ce_tenantid}. */
    String tenantId();

    /** Whether the envelope was created with a test or a live key. */
    Mode mode();

    /** The envelope's status right after this event. */
    EnvelopeStatus status();

    /** When it happened; also {@code ce_time}. */
    Instant occurredAt();

    /** The envelope's {@code metadata} as given at creation (empty map when none; omitted from JSON then). */
    Map<String, String> metadata();
}
