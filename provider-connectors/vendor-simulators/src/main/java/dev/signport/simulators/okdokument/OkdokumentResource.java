package dev.signport.simulators.okdokument;

import static dev.signport.simulators.okdokument.OkdokumentOperations.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.simulators.common.BaseUrls;
import dev.signport.simulators.common.Json;
import dev.signport.simulators.common.Operation;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorApi;
import dev.signport.simulators.okdokument.OkdokumentDtos.CounterView;
import dev.signport.simulators.okdokument.OkdokumentDtos.CreateRequest;
import dev.signport.simulators.okdokument.OkdokumentDtos.CreateResponse;
import dev.signport.simulators.okdokument.OkdokumentDtos.DocumentContent;
import dev.signport.simulators.okdokument.OkdokumentDtos.DocumentList;
import dev.signport.simulators.okdokument.OkdokumentDtos.RequestView;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** The OKdokument JSON API (seed: okdokument-api-overview); plain methods run on worker threads (base64, PDF checks). */
@VendorApi(Vendor.OKDOKUMENT)
@Path("/okdokument/JSON")
@Produces(MediaType.APPLICATION_JSON)
public class OkdokumentResource {

    private final OkdokumentSandbox sandbox;
    private final BaseUrls baseUrls;
    private final ObjectMapper mapper;

    public OkdokumentResource(OkdokumentSandbox sandbox, BaseUrls baseUrls, ObjectMapper mapper) {
        this.sandbox = sandbox;
        this.baseUrls = baseUrls;
        this.mapper = mapper;
    }

    @POST
    @Path("/signatureRequest")
    @Operation(CREATE_REQUEST)
    public CreateResponse create(byte[] body, @Context UriInfo uriInfo) {
        return sandbox.create(Json.parse(mapper, body, CreateRequest.class, Vendor.OKDOKUMENT), baseUrls.base(uriInfo));
    }

    @GET
    @Path("/signatureRequest/counter")
    @Operation(COUNTER)
    public CounterView counter() {
        return sandbox.counter();
    }

    @GET
    @Path("/signatureRequest/{id}")
    @Operation(GET_REQUEST)
    public RequestView get(@PathParam("id") String id) {
        return sandbox.get(id);
    }

    @DELETE
    @Path("/signatureRequest/{id}")
    @Operation(DELETE_REQUEST)
    public RequestView delete(@PathParam("id") String id) {
        return sandbox.cancel(id);
    }

    @GET
    @Path("/document/{id}")
    @Operation(DOWNLOAD)
    public DocumentContent download(@PathParam("id") String id) {
        return sandbox.download(id);
    }

    @GET
    @Path("/documents")
    @Operation(LIST)
    public DocumentList list() {
        return new DocumentList(sandbox.list());
    }
}
