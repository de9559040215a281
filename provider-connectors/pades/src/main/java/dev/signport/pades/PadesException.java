package dev.signport.pades;

/** A signing, timestamping or PKI operation that could not be completed; the message is safe to show an operator. */
public class PadesException extends RuntimeException {

    public PadesException(String message) {
        super(message);
    }

    public PadesException(String message, Throwable cause) {
        super(message, cause);
    }
}
