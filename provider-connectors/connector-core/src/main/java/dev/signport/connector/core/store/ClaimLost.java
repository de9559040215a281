package dev.signport.connector.core.store;

/**
 * Another replica owns the envelope right now (or took it over from us): a transient condition the
 * command consumer waits out with its retries.
 */
public class ClaimLost extends RuntimeException {

    public ClaimLost(String message) {
        super(message, null, false, false);
    }
}
