package dev.signport.simulators.certyneo;

import static dev.signport.simulators.certyneo.CertyneoOperations.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.simulators.certyneo.CertyneoDtos.DocumentView;
import dev.signport.simulators.certyneo.CertyneoDtos.EnvelopeRequest;
import dev.signport.simulators.certyneo.CertyneoDtos.EnvelopeView;
import dev.signport.simulators.certyneo.CertyneoDtos.KeyRequest;
import dev.signport.simulators.certyneo.CertyneoDtos.KeyView;
import dev.signport.simulators.certyneo.CertyneoDtos.ListView;
import dev.signport.simulators.certyneo.CertyneoDtos.WebhookRequest;
import dev.signport.simulators.certyneo.CertyneoDtos.WebhookView;
import dev.signport.simulators.certyneo.Model.Document;
import dev.signport.simulators.common.BaseUrls;
import dev.signport.simulators.common.Json;
import dev.signport.simulators.common.Operation;
import dev.signport.simulators.common.SimConfig;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorApi;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Certyneo public API v1 (seed: certyneo-public-api-v1). Plain (non-Uni) methods run on worker
 * threads, which is where multipart files are read and base64/PDF work happens.
 */
@VendorApi(Vendor.CERTYNEO)
@Path("/certyneo/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class CertyneoResource {

    private final CertyneoSandbox sandbox;
    private final CertyneoWebhooks webhooks;
    private final CertyneoAccount account;
    private final BaseUrls baseUrls;
    private final ObjectMapper mapper;
    private final long maxDocumentBytes;

    public CertyneoResource(CertyneoSandbox sandbox, CertyneoWebhooks webhooks, CertyneoAccount account,
            BaseUrls baseUrls, ObjectMapper mapper, SimConfig config) {
        this.sandbox = sandbox;
        this.webhooks = webhooks;
        this.account = account;
        this.baseUrls = baseUrls;
        this.mapper = mapper;
        this.maxDocumentBytes = config.certyneo().maxDocumentBytes();
    }

    // ---- documents

    @POST
    @Path("/documents")
    @Operation(UPLOAD_DOCUMENT)
    public Response upload(@RestForm("file") FileUpload file, @RestForm("name") String name) {
        if (file == null) {
            throw SimError.certyneo(400, "invalid_request", "A multipart part named 'file' is required");
        }
        if (file.size() > maxDocumentBytes) {
            // Checked before reading: no point loading what will be refused.
            throw SimError.certyneo(422, "file_too_large", "The file exceeds " + maxDocumentBytes + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DocumentView doc = sandbox.upload(name != null && !name.isBlank() ? name : file.fileName(), file.contentType(),
                bytes);
        return Response.status(201).entity(doc).build();
    }

    @GET
    @Path("/documents")
    @Operation(LIST_DOCUMENTS)
    public ListView<DocumentView> documents() {
        return new ListView<>(sandbox.documents());
    }

    @GET
    @Path("/documents/{id}")
    @Operation(GET_DOCUMENT)
    public DocumentView document(@PathParam("id") String id) {
        return sandbox.document(id);
    }

    @DELETE
    @Path("/documents/{id}")
    @Operation(DELETE_DOCUMENT)
    public Response deleteDocument(@PathParam("id") String id) {
        sandbox.deleteDocument(id);
        return Response.noContent().build();
    }

    // ---- envelopes

    @POST
    @Path("/envelopes")
    @Operation(CREATE_ENVELOPE)
    public Response create(byte[] body) {
        EnvelopeView view = sandbox.create(Json.parse(mapper, body, EnvelopeRequest.class, Vendor.CERTYNEO));
        return Response.status(201).entity(view).build();
    }

    @GET
    @Path("/envelopes")
    @Operation(LIST_ENVELOPES)
    public ListView<EnvelopeView> envelopes() {
        return new ListView<>(sandbox.envelopes());
    }

    @GET
    @Path("/envelopes/{id}")
    @Operation(GET_ENVELOPE)
    public EnvelopeView envelope(@PathParam("id") String id) {
        return sandbox.envelope(id);
    }

    @PATCH
    @Path("/envelopes/{id}")
    @Operation(UPDATE_ENVELOPE)
    public EnvelopeView update(@PathParam("id") String id, byte[] body) {
        return sandbox.update(id, Json.parse(mapper, body, EnvelopeRequest.class, Vendor.CERTYNEO));
    }

    @DELETE
    @Path("/envelopes/{id}")
    @Operation(VOID_ENVELOPE)
    public Response deleteOrVoid(@PathParam("id") String id) {
        return sandbox.deleteOrVoid(id).map(v -> Response.ok(v).build()).orElseGet(() -> Response.noContent().build());
    }

    @POST
    @Path("/envelopes/{id}/send")
    @Operation(SEND_ENVELOPE)
    public EnvelopeView send(@PathParam("id") String id, @Context UriInfo uriInfo) {
        return sandbox.send(id, baseUrls.base(uriInfo));
    }

    @GET
    @Path("/envelopes/{id}/signed-document")
    @Produces({ "application/pdf", MediaType.APPLICATION_JSON })
    @Operation(SIGNED_DOCUMENT)
    public Response signedDocument(@PathParam("id") String id) {
        Document signed = sandbox.signedDocument(id);
        return Response.ok(signed.bytes(), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"" + signed.name().replace("\"", "") + "\"")
                .build();
    }

    @GET
    @Path("/envelopes/{id}/audit-trail")
    @Produces({ "application/pdf", MediaType.APPLICATION_JSON })
    @Operation(AUDIT_TRAIL)
    public Response auditTrail(@PathParam("id") String id) {
        return Response.ok(sandbox.auditTrail(id), "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"audit-trail-" + id + ".pdf\"").build();
    }

    // ---- webhooks

    @POST
    @Path("/webhooks")
    @Operation(CREATE_WEBHOOK)
    public Response createWebhook(byte[] body) {
        WebhookView view = webhooks.register(Json.parse(mapper, body, WebhookRequest.class, Vendor.CERTYNEO));
        return Response.status(201).entity(view).build();
    }

    @GET
    @Path("/webhooks")
    @Operation(LIST_WEBHOOKS)
    public ListView<WebhookView> webhooks() {
        return new ListView<>(webhooks.list());
    }

    @DELETE
    @Path("/webhooks/{id}")
    @Operation(DELETE_WEBHOOK)
    public Response deleteWebhook(@PathParam("id") String id) {
        webhooks.delete(id);
        return Response.noContent().build();
    }

    // ---- keys

    @POST
    @Path("/keys")
    @Operation(CREATE_KEY)
    public Response createKey(byte[] body) {
        KeyRequest request = Json.parse(mapper, body, KeyRequest.class, Vendor.CERTYNEO);
        KeyView key = account.createKey(request == null ? null : request.name());
        return Response.status(201).entity(key).build();
    }

    @GET
    @Path("/keys")
    @Operation(LIST_KEYS)
    public ListView<KeyView> keys() {
        return new ListView<>(account.listKeys());
    }

    @DELETE
    @Path("/keys/{id}")
    @Operation(DELETE_KEY)
    public Response deleteKey(@PathParam("id") String id) {
        account.deleteKey(id);
        return Response.noContent().build();
    }
}
