package dev.signport.platform.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "Stable URI naming the kind of problem") String type,
        String title,
        int status,
        String detail,
        @Schema(description = "Request path") String instance,
        @Schema(description = "Logged correlation id, only for server errors") String errorId,
        @Schema(description = "Field violations") List<FieldError> errors) {

    /** One invalid field: a JSON-path-like pointer to it and what is wrong. */
    public record FieldError(String field, String message) {}
}
