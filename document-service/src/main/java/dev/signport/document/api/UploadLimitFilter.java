package dev.signport.document.api;

import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an upload whose declared {@code Content-Length} is already over the limit of its form,
 * before a single body byte is read (and before {@code 100 Continue} is sent). Uploads without a
 * length (chunked) are counted as they stream by {@link PdfUploadReader}.
 */
public class UploadLimitFilter {

    private final UploadLimits limits;
    private final CurrentVertxRequest currentRequest;

    public UploadLimitFilter(UploadLimits limits, CurrentVertxRequest currentRequest) {
        this.limits = limits;
        this.currentRequest = currentRequest;
    }

    // After authentication and rate limiting: an anonymous caller learns nothing about limits.
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 200)
    public Optional<Response> checkDeclaredLength(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod())) {
            return Optional.empty();
        }
        String path = request.getUriInfo().getPath();
        if (!path.equals(DocumentResource.PATH) && !path.equals(InternalDocumentResource.PATH)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        long limit = limits.maxBody(request.getMediaType());
        if (header == null || limit < 0) {
            return Optional.empty();
        }
        long declared;
        try {
            declared = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (declared <= limit) {
            return Optional.empty();
        }
        RoutingContext rc = currentRequest.getCurrent();
        Connections.closeAfterResponse(rc);
        return Optional.of(Problems.response(ProblemType.PAYLOAD_TOO_LARGE, "The request body of " + declared
                + " bytes exceeds the limit of " + limit + " bytes for this upload form (PDFs of at most "
                + limits.maxPdf() + " bytes)", rc.request().path()));
    }
}
