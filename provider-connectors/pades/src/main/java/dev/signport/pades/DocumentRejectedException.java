package dev.signport.pades;

/**
 * The input document is refused as it is (too large, too many pages, not a PDF, encrypted, locked against changes,
 * or it would need more memory or scratch space than {@link Limits} allow). Retrying will not help; the sender has
 * to supply another document, so callers turn this into a clear error for the sender.
 */
public class DocumentRejectedException extends PadesException {

    public DocumentRejectedException(String message) {
        super(message);
    }

    public DocumentRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
