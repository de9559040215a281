package dev.signport.connector.core.client;

/**
 * A document of a send command could not be read from document-service: missing or not the bytes the
 * command names ({@code retryable = false}), or document-service did not answer ({@code retryable = true}).
 */
public class DocumentUnavailable extends RuntimeException {

    private final boolean retryable;

    public DocumentUnavailable(String message, boolean retryable, Throwable cause) {
        super(message, cause, false, false);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
