package dev.signport.simulators.okdokument;

import static dev.signport.simulators.common.Html.escape;

import dev.signport.simulators.common.Html;
import dev.signport.simulators.common.Operation;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Unauthenticated;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorApi;
import dev.signport.simulators.okdokument.OkdokumentDtos.ControlView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The page the signer opens ({@code url} of the create answer). Its buttons sign or close and then
 * redirect to {@code resulturl} with {@code name, docid, lang, result, ts}, as OKdokument does.
 */
@VendorApi(Vendor.OKDOKUMENT)
@Path("/okdokument/openDocument/{id}")
@Produces(MediaType.TEXT_HTML)
public class OkdokumentOpenDocument {

    private final OkdokumentSandbox sandbox;

    public OkdokumentOpenDocument(OkdokumentSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    @Unauthenticated
    @Operation(OkdokumentOperations.OPEN_DOCUMENT)
    public Response open(@PathParam("id") String id) {
        try {
            return Response.ok(render(sandbox.controlView(id), null)).build();
        } catch (SimError e) {
            return Response.status(404).entity(Html.page("Not found", "<p>Unknown document.</p>")).build();
        }
    }

    @POST
    @Unauthenticated
    @Operation(OkdokumentOperations.OPEN_DOCUMENT)
    public Response act(@PathParam("id") String id, @RestForm("action") String action) {
        ControlView state;
        try {
            state = sandbox.controlView(id);
        } catch (SimError e) {
            return Response.status(404).entity(Html.page("Not found", "<p>Unknown document.</p>")).build();
        }
        String result = "close";
        if ("sign".equals(action)) {
            try {
                sandbox.sign(id);
                result = "success";
            } catch (SimError e) {
                return Response.status(e.status()).entity(render(state, e.getMessage())).build();
            }
        }
        URI target = UriBuilder.fromUri(state.resulturl())
                .queryParam("name", state.filename())
                .queryParam("docid", state.id())
                .queryParam("lang", "en")
                .queryParam("result", result)
                .queryParam("ts", System.currentTimeMillis() / 1000)
                .build();
        return Response.seeOther(target).build();
    }

    private static String render(ControlView r, String error) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(r.filename())).append("</h1>\n");
        body.append("<p>OKdokument simulator &middot; state <strong id=\"state\">").append(r.state())
                .append("</strong></p>\n");
        if (error != null) {
            body.append("<p role=\"alert\">").append(escape(error)).append("</p>\n");
        }
        if (State.fromKey(r.state()).map(State::open).orElse(false)) {
            body.append("<form method=\"post\"><button name=\"action\" value=\"sign\">Sign</button>")
                    .append("<button name=\"action\" value=\"close\">Close</button></form>\n");
        }
        return Html.page(r.filename(), body.toString());
    }
}
