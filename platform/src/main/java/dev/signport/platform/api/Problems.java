package dev.signport.platform.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem+json responses; the one place that knows the wire format. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);

    private Problems() {}

    public static Response response(ProblemType type, String detail, String instance) {
        return response(type, detail, instance, List.of(), null);
    }

    public static Response response(ProblemType type, String detail, String instance,
            List<Problem.FieldError> errors, String errorId) {
        Problem body = new Problem(type.uri(), type.title(), type.status(), detail, instance, errorId,
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(type.status()).type(PROBLEM_JSON).entity(body).build();
    }

    public static Response response(ProblemException e, String instance) {
        Response.ResponseBuilder b = Response.fromResponse(
                response(e.type(), e.detail(), instance, e.errors(), null));
        if (e.retryAfterSeconds() != null) {
            b.header("Retry-After", e.retryAfterSeconds());
        }
        return b.build();
    }
}
