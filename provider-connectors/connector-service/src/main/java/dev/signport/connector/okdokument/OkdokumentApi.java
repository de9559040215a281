package dev.signport.connector.okdokument;

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

/**
 * The OKdokument JSON routes the adapter uses (seed: okdokument-api-overview), answers read by
 * {@code VendorResponses} (no default exception mapper). Only {@link OkdokumentProvider} calls it,
 * through the vendor's guard.
 */
@Path("/JSON")
@Produces(MediaType.APPLICATION_JSON)
interface OkdokumentApi {

    @POST
    @Path("/signatureRequest")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(@HeaderParam("x-api-key") String key, OkdokumentDtos.CreateRequest body);

    @GET
    @Path("/signatureRequest/{id}")
    Uni<Response> get(@HeaderParam("x-api-key") String key, @PathParam("id") String id);

    @DELETE
    @Path("/signatureRequest/{id}")
    Uni<Response> delete(@HeaderParam("x-api-key") String key, @PathParam("id") String id);

    @GET
    @Path("/document/{id}")
    Uni<Response> document(@HeaderParam("x-api-key") String key, @PathParam("id") String id);

    @GET
    @Path("/documents")
    Uni<Response> list(@HeaderParam("x-api-key") String key);

    @GET
    @Path("/signatureRequest/counter")
    Uni<Response> counter(@HeaderParam("x-api-key") String key);
}
