package dev.signport.platform.api;

import java.util.List;

/**
 * Thrown by services for any outcome the client must see as a problem+json response.
 * No stack trace: these are expected outcomes, not bugs.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String detail;
    private final List<Problem.FieldError> errors;
    private final Integer retryAfterSeconds;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), null);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, Integer retryAfterSeconds) {
        super(type.title() + ": " + detail, null, false, false);
        this.type = type;
        this.detail = detail;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(ProblemType.UNPROCESSABLE, detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, detail);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, field + ": " + message,
                List.of(new Problem.FieldError(field, message)), null);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
