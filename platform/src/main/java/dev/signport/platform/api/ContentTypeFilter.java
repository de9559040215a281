package dev.signport.platform.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * An unparseable {@code Content-Type} makes Quarkus REST fail while matching a resource method,
 * which would surface as a 500. It is the client's mistake: answer 400 before matching.
 */
public class ContentTypeFilter {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> checkContentType(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            MediaType.valueOf(header);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(Problems.response(ProblemType.MALFORMED_REQUEST,
                    "The Content-Type header is not a media type", request.getUriInfo().getPath()));
        }
    }
}
