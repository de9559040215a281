package dev.signport.platform.messaging;

/**
 * A record that can never be processed, however often it is retried (unreadable, invalid): it goes
 * to the dead-letter topic at once. Every other failure is retried until it succeeds.
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
