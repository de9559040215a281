package dev.signport.contracts.envelope;

/** An envelope event about one recipient ({@code recipient.*}). */
public sealed interface RecipientEvent extends EnvelopeEvent
        permits RecipientNotified, RecipientViewed, RecipientSigned, RecipientDeclined {

    /** The recipient ({@code rcp_…}). */
    String recipientId();

    /** The recipient's email address. */
    String email();

    /** The recipient's display name. */
    String name();
}
