package dev.signport.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single mapping from exceptions to RFC 9457 responses for every service. Client mistakes become
 * 4xx problems with a stable type; anything unexpected becomes a 500 whose error id is logged with
 * the stack trace, which never leaves the server.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return Problems.response(e, request.path());
    }

    @ServerExceptionMapper(priority = 1)
    public Response violations(ResteasyReactiveViolationException e, HttpServerRequest request) {
        return constraintViolations(e, request);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, HttpServerRequest request) {
        boolean returnValue = e.getConstraintViolations().stream()
                .anyMatch(v -> nodeKinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE));
        if (returnValue) {
            return unexpected(e, request);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldPath(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return Problems.response(ProblemType.VALIDATION_FAILED, detail, request.path(), errors, null);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return jsonMapping(e, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        if (e instanceof JsonMappingException m) {
            return jsonMapping(m, request);
        }
        return Problems.response(ProblemType.MALFORMED_REQUEST,
                "The request body is not valid JSON" + location(e), request.path());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return json(jpe, request);
        }
        if (cause instanceof ProblemException pe) {
            return problem(pe, request);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        ProblemType type = switch (status) {
            case 400 -> ProblemType.MALFORMED_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 409 -> ProblemType.CONFLICT;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> ProblemType.UNPROCESSABLE;
            case 429 -> ProblemType.RATE_LIMITED;
            case 503 -> ProblemType.UNAVAILABLE;
            default -> null;
        };
        if (type == null) {
            return status >= 500 ? unexpected(e, request)
                    : Problems.response(ProblemType.MALFORMED_REQUEST, "Request rejected", request.path());
        }
        String detail = switch (type) {
            case NOT_FOUND -> "No resource at " + request.method() + " " + request.path();
            case METHOD_NOT_ALLOWED -> request.method() + " is not allowed on " + request.path();
            case UNSUPPORTED_MEDIA_TYPE -> "Content-Type " + contentType(request) + " is not accepted here";
            case NOT_ACCEPTABLE -> "None of the accepted media types can be produced";
            case MALFORMED_REQUEST -> "The request could not be read";
            default -> type.title();
        };
        Response response = Problems.response(type, detail, request.path());
        if (e instanceof NotAllowedException && e.getResponse() != null
                && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW)).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (e.getCause() instanceof ProblemException pe) {
            return problem(pe, request);
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error %s on %s %s", errorId, request.method(), request.path());
        return Problems.response(ProblemType.INTERNAL,
                "An unexpected error occurred; quote error id " + errorId + " when reporting it",
                request.path(), List.of(), errorId);
    }

    private Response jsonMapping(JsonMappingException e, HttpServerRequest request) {
        String field = jsonPath(e.getPath());
        String message = e instanceof MismatchedInputException mi && mi.getTargetType() != null
                ? "must be of type " + friendlyType(mi.getTargetType())
                : "cannot be read";
        if (field.isEmpty()) {
            return Problems.response(ProblemType.MALFORMED_REQUEST,
                    "The request body does not have the expected shape" + location(e), request.path());
        }
        return Problems.response(ProblemType.VALIDATION_FAILED, field + ": " + message, request.path(),
                List.of(new Problem.FieldError(field, message)), null);
    }

    static String jsonPath(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Drops the method and body-parameter nodes so clients see paths of their own JSON. */
    static String fieldPath(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node n = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (n.getKind() == ElementKind.METHOD || n.getKind() == ElementKind.CONSTRUCTOR
                    || n.getKind() == ElementKind.CROSS_PARAMETER
                    || (n.getKind() == ElementKind.PARAMETER && !last)) {
                continue;
            }
            if (n.getIndex() != null) {
                sb.append('[').append(n.getIndex()).append(']');
            } else if (n.getKey() != null) {
                sb.append('[').append(n.getKey()).append(']');
            }
            if (n.getName() != null && !n.getName().startsWith("<")) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(n.getName());
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static List<ElementKind> nodeKinds(Path path) {
        List<ElementKind> kinds = new ArrayList<>();
        path.forEach(n -> kinds.add(n.getKind()));
        return kinds;
    }

    private static String friendlyType(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder sb = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(constants[i]);
            }
            return sb.toString();
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == String.class) {
            return "string";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String contentType(HttpServerRequest request) {
        String ct = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return ct == null ? "(none)" : ct;
    }
}
