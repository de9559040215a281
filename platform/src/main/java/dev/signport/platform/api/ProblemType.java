package dev.signport.platform.api;

/** The stable problem types clients may switch on; their URIs never change once published. */
public enum ProblemType {
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    VALIDATION_FAILED(400, "validation-failed", "Request validation failed"),
    UNAUTHORIZED(401, "unauthorized", "Missing or invalid API key"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    NOT_FOUND(404, "not-found", "Resource not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    IDEMPOTENCY_IN_PROGRESS(409, "idempotency-in-progress", "A request with this Idempotency-Key is in progress"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    RANGE_NOT_SATISFIABLE(416, "range-not-satisfiable", "Range not satisfiable"),
    UNPROCESSABLE(422, "unprocessable-content", "Unprocessable content"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency-Key reused with a different request"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    INTERNAL(500, "internal-error", "Internal server error"),
    UNAVAILABLE(503, "service-unavailable", "Service unavailable");

    public static final String BASE_URI = "https://signport.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public String title() {
        return title;
    }
}
