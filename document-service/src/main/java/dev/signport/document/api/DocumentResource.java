package dev.signport.document.api;

import dev.signport.document.domain.Document;
import dev.signport.document.domain.DocumentNames;
import dev.signport.document.domain.DocumentService;
import dev.signport.document.store.DocumentRepository;
import dev.signport.platform.api.Page;
import dev.signport.platform.api.PageRequest;
import dev.signport.platform.api.Problem;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import dev.signport.platform.idempotency.Idempotent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/documents}: upload, list, read and delete the calling tenant's PDFs. */
@Path(DocumentResource.PATH)
@PublicApi
@Tag(name = "Documents")
public class DocumentResource {

    static final String PATH = "/api/v1/documents";

    private final DocumentService service;
    private final DocumentRepository documents;
    private final ContentResponses content;
    private final CurrentCaller caller;

    public DocumentResource(DocumentService service, DocumentRepository documents, ContentResponses content,
            CurrentCaller caller) {
        this.service = service;
        this.documents = documents;
        this.content = content;
        this.caller = caller;
    }

    /** OpenAPI shape of the multipart form. */
    @Schema(name = "DocumentUploadForm")
    public record UploadForm(@Schema(type = SchemaType.STRING, format = "binary", required = true) String file,
            @Schema(description = "Overrides the file name") String name) {}

    /** OpenAPI shape of the JSON form. */
    @Schema(name = "DocumentUploadJson")
    public record UploadJson(@Schema(example = "contrat.pdf") String name,
            @Schema(format = "byte", required = true, description = "The PDF, base64-encoded") String contentBase64) {}

    @POST
    @Idempotent
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a PDF (multipart, a part named 'file')")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = DocumentView.class)))
    @APIResponse(responseCode = "400", description = "Empty or malformed upload",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Over the size limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not a PDF",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Corrupt, truncated, encrypted or password-protected PDF",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> uploadMultipart(@RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class))) PdfUpload upload) {
        return create(DocumentNames.resolve("name", upload.name()), upload);
    }

    @POST
    @Idempotent
    @Consumes("application/pdf")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a PDF as the raw request body")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = DocumentView.class)))
    public Uni<Response> uploadRaw(@QueryParam("name") String name,
            @RequestBody(content = @Content(mediaType = "application/pdf",
                    schema = @Schema(type = SchemaType.STRING, format = "binary"))) PdfUpload upload) {
        return create(DocumentNames.resolve("name", name), upload);
    }

    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a PDF as base64 in JSON")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = DocumentView.class)))
    public Uni<Response> uploadJson(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UploadJson.class))) PdfUpload upload) {
        return create(DocumentNames.resolve("name", upload.name()), upload);
    }

    private Uni<Response> create(String name, PdfUpload upload) {
        return service.upload(caller.tenantId(), name, upload.spool(), DocumentResource::created)
                .map(DocumentResource::created);
    }

    private static Response created(Document d) {
        return Response.created(URI.create(PATH + "/" + d.id)).entity(DocumentView.of(d)).build();
    }

    @GET
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List documents, newest first")
    public Uni<Page<DocumentView>> list(@QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        PageRequest page = PageRequest.of(cursor, limit);
        return documents.pageForTenant(caller.tenantId(), page).map(rows -> page.page(rows, d -> d.id, DocumentView::of));
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A document's metadata")
    public Uni<DocumentView> get(@PathParam("id") String id) {
        return documents.getForTenant(caller.tenantId(), id).map(DocumentView::of);
    }

    @GET
    @Path("/{id}/content")
    @WithSession
    @Operation(summary = "A document's bytes (Range, If-None-Match and If-Range supported)")
    @APIResponse(responseCode = "200", description = "The PDF",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "206", description = "The requested range",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Unchanged (If-None-Match)")
    @APIResponse(responseCode = "416", description = "Range outside the document")
    public Uni<Response> content(@PathParam("id") String id, @HeaderParam("Range") String range,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, @HeaderParam("If-Range") String ifRange,
            HttpServerRequest request) {
        return documents.getForTenant(caller.tenantId(), id)
                .map(d -> content.build(d, range, ifNoneMatch, ifRange, request.path()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a document (409 while an unfinished envelope uses it)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "Used by an envelope that is not finished",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(caller.tenantId(), id).replaceWith(Response.noContent().build());
    }
}
