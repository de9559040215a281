package dev.signport.document.api;

import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import dev.signport.platform.auth.CurrentCaller;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Limits on uploads decided before a single body byte is read (and before {@code 100 Continue} is
 * sent): a declared {@code Content-Length} over the limit of its form gets 413, and a tenant that
 * already has {@code signport.documents.max-concurrent-uploads-per-tenant} uploads in flight on this
 * replica gets 429. In both cases the connection is closed after the answer instead of the body
 * being read. Uploads without a length (chunked) are counted as they stream by
 * {@link PdfUploadReader}. Upload routes are recognised by the matched resource method, never by
 * the path.
 */
public class UploadLimitFilter {

    /** What a tenant at its concurrency cap is told to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final UploadLimits limits;
    private final UploadSlots slots;
    private final CurrentVertxRequest currentRequest;
    private final CurrentCaller caller;

    public UploadLimitFilter(UploadLimits limits, UploadSlots slots, CurrentVertxRequest currentRequest,
            CurrentCaller caller) {
        this.limits = limits;
        this.slots = slots;
        this.currentRequest = currentRequest;
        this.caller = caller;
    }

    /** POST methods of the two document resources, which all read a {@link PdfUpload} body. */
    static boolean isUpload(ResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        return (type == DocumentResource.class || type == InternalDocumentResource.class)
                && method != null && method.isAnnotationPresent(POST.class);
    }

    // After authentication and rate limiting: an anonymous caller learns nothing about limits.
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 200)
    public Optional<Response> checkDeclaredLength(ContainerRequestContext request, ResourceInfo resource) {
        if (!isUpload(resource)) {
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

    /**
     * Takes one of the tenant's upload slots until the response has ended (or the connection
     * died). After the length check: a size refusal is final, a full slot count is worth a retry.
     * Internal uploads (connectors storing produced PDFs with the service token) are not capped:
     * they come from Signport's own services, not from a tenant's clients, and the parse bulkhead
     * still bounds them.
     */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 210)
    public Optional<Response> takeUploadSlot(ResourceInfo resource) {
        if (resource.getResourceClass() != DocumentResource.class || !isUpload(resource) || !caller.isPresent()) {
            return Optional.empty();
        }
        String tenantId = caller.tenantId();
        RoutingContext rc = currentRequest.getCurrent();
        Optional<UploadSlots.Slot> slot = slots.tryAcquire(tenantId);
        if (slot.isEmpty()) {
            Connections.closeAfterResponse(rc);
            return Optional.of(Response.fromResponse(Problems.response(ProblemType.RATE_LIMITED,
                            "Too many uploads of this tenant are in progress; retry in " + RETRY_AFTER_SECONDS
                                    + " s", rc.request().path()))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build());
        }
        UploadSlots.Slot taken = slot.get();
        rc.addEndHandler(ignored -> taken.release());
        return Optional.empty();
    }
}
