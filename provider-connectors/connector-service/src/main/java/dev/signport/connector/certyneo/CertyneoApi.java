package dev.signport.connector.certyneo;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * The Certyneo v1 routes the adapter uses (seed: certyneo-public-api-v1). Built without the default
 * exception mapper: every answer comes back as a {@link Response} and {@code VendorResponses} reads
 * statuses, error bodies and {@code Retry-After}. Only {@link CertyneoProvider} calls it, through the
 * vendor's guard.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
interface CertyneoApi {

    @POST
    @Path("/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<Response> upload(@HeaderParam("Authorization") String auth, ClientMultipartForm form);

    @POST
    @Path("/envelopes")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createEnvelope(@HeaderParam("Authorization") String auth, CertyneoDtos.EnvelopeRequest body);

    @GET
    @Path("/envelopes")
    Uni<Response> listEnvelopes(@HeaderParam("Authorization") String auth);

    @GET
    @Path("/envelopes/{id}")
    Uni<Response> envelope(@HeaderParam("Authorization") String auth, @PathParam("id") String id);

    @DELETE
    @Path("/envelopes/{id}")
    Uni<Response> deleteOrVoid(@HeaderParam("Authorization") String auth, @PathParam("id") String id);

    @POST
    @Path("/envelopes/{id}/send")
    Uni<Response> send(@HeaderParam("Authorization") String auth, @PathParam("id") String id);

    @GET
    @Path("/envelopes/{id}/signed-document")
    @Produces({"application/pdf", MediaType.APPLICATION_JSON})
    Uni<Response> signedDocument(@HeaderParam("Authorization") String auth, @PathParam("id") String id);

    @POST
    @Path("/webhooks")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createWebhook(@HeaderParam("Authorization") String auth, CertyneoDtos.WebhookRequest body);

    @GET
    @Path("/webhooks")
    Uni<Response> listWebhooks(@HeaderParam("Authorization") String auth);

    @DELETE
    @Path("/webhooks/{id}")
    Uni<Response> deleteWebhook(@HeaderParam("Authorization") String auth, @PathParam("id") String id);
}
