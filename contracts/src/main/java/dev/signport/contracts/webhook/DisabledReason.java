package dev.signport.contracts.webhook;

/** Why webhook-service disabled an endpoint. */
public enum DisabledReason {
    /** The endpoint answered 410 Gone. */
    ENDPOINT_GONE,
    /** Every delivery failed for days, until the retry schedule ran out. */
    REPEATED_FAILURES
}
