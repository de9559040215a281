package dev.signport.connector.core.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** document-service's internal routes, as {@link DocumentStore} calls them (service token in each call). */
@Path("/internal/documents")
interface DocumentServiceApi {

    @GET
    @Path("/{id}/content")
    @Produces("application/pdf")
    Uni<Response> content(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);

    @POST
    @Consumes("application/pdf")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> store(@QueryParam("tenantId") String tenantId, @QueryParam("envelopeId") String envelopeId,
            @QueryParam("kind") String kind, @QueryParam("name") String name,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @HeaderParam("Authorization") String authorization,
            byte[] pdf);
}
