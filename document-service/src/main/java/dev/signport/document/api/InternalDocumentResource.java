package dev.signport.document.api;

import dev.signport.contracts.document.DocumentKind;
import dev.signport.document.domain.Document;
import dev.signport.document.domain.DocumentNames;
import dev.signport.document.domain.DocumentService;
import dev.signport.document.store.DocumentRepository;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.auth.Internal;
import dev.signport.platform.idempotency.Idempotent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /internal/documents}: what connectors and envelope-service need, authenticated by the
 * service token (not an API key): read any tenant's document, and store a PDF Signport produced
 * (signed document, audit trail) for an envelope.
 */
@Path(InternalDocumentResource.PATH)
@Internal
@Tag(name = "Internal")
public class InternalDocumentResource {

    static final String PATH = "/internal/documents";

    private final DocumentService service;
    private final DocumentRepository documents;
    private final ContentResponses content;

    public InternalDocumentResource(DocumentService service, DocumentRepository documents, ContentResponses content) {
        this.service = service;
        this.documents = documents;
        this.content = content;
    }

    @POST
    @Idempotent
    @Consumes("application/pdf")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a produced PDF (signed document, audit trail) for a tenant's envelope")
    public Uni<Response> store(@QueryParam("tenantId") String tenantId, @QueryParam("envelopeId") String envelopeId,
            @QueryParam("kind") String kind, @QueryParam("name") String name, PdfUpload upload) {
        if (tenantId == null || tenantId.isBlank()) {
            throw ProblemException.invalid("tenantId", "is required");
        }
        DocumentKind k = kind(kind);
        String resolved = DocumentNames.resolve("name", name,
                k == DocumentKind.SIGNED ? "signed.pdf" : "audit-trail.pdf");
        return service.storeProduced(tenantId, envelopeId == null || envelopeId.isBlank() ? null : envelopeId, k,
                        resolved, upload.spool(), InternalDocumentResource::created)
                .map(InternalDocumentResource::created);
    }

    private static Response created(Document d) {
        return Response.created(URI.create(PATH + "/" + d.id)).entity(InternalDocumentView.of(d)).build();
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Any tenant's document metadata")
    public Uni<InternalDocumentView> get(@PathParam("id") String id) {
        return find(id).map(InternalDocumentView::of);
    }

    @GET
    @Path("/{id}/content")
    @WithSession
    @Operation(summary = "Any tenant's document bytes (Range supported)")
    public Uni<Response> content(@PathParam("id") String id, @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @HeaderParam("If-Range") String ifRange,
            HttpServerRequest request) {
        return find(id).map(d -> content.build(d, range, ifNoneMatch, ifRange, request.path()));
    }

    private Uni<Document> find(String id) {
        return documents.findAnyTenant(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Document", id));
    }

    private static DocumentKind kind(String kind) {
        if (kind != null) {
            switch (kind) {
                case "SIGNED":
                    return DocumentKind.SIGNED;
                case "AUDIT_TRAIL":
                    return DocumentKind.AUDIT_TRAIL;
                default:
                    break;
            }
        }
        throw ProblemException.invalid("kind", "must be SIGNED or AUDIT_TRAIL");
    }
}
