package dev.signport.simulators.certyneo;

import static dev.signport.simulators.common.Html.escape;

import dev.signport.simulators.certyneo.CertyneoDtos.EnvelopeView;
import dev.signport.simulators.certyneo.CertyneoDtos.RecipientView;
import dev.signport.simulators.common.Html;
import dev.signport.simulators.common.Operation;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Unauthenticated;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The page behind a recipient's {@code signUrl}: opening it marks the recipient VIEWED, its
 * buttons sign or decline (for demos; tests use the control API). The link itself is the credential.
 */
@VendorApi(Vendor.CERTYNEO)
@Path("/certyneo/sign/{token}")
@Produces(MediaType.TEXT_HTML)
public class CertyneoSignPage {

    private final CertyneoSandbox sandbox;

    public CertyneoSignPage(CertyneoSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    @Unauthenticated
    @Operation(CertyneoOperations.SIGN_PAGE)
    public Response open(@PathParam("token") String token) {
        Optional<Signer> signer = signer(token);
        if (signer.isEmpty()) {
            return notFound();
        }
        try {
            sandbox.view(signer.get().envelopeId(), signer.get().email());
        } catch (SimError notNow) {
            // Not this signer's turn, or the envelope is over: the page says so below.
        }
        return Response.ok(render(signer.get(), null)).build();
    }

    @POST
    @Unauthenticated
    @Operation(CertyneoOperations.SIGN_PAGE)
    public Response act(@PathParam("token") String token, @RestForm("action") String action,
            @RestForm("reason") String reason) {
        Optional<Signer> signer = signer(token);
        if (signer.isEmpty()) {
            return notFound();
        }
        try {
            if ("decline".equals(action)) {
                sandbox.decline(signer.get().envelopeId(), signer.get().email(), reason);
            } else {
                sandbox.sign(signer.get().envelopeId(), signer.get().email());
            }
        } catch (SimError e) {
            return Response.status(e.status()).entity(render(signer.get(), e.getMessage())).build();
        }
        // Post/redirect/get, so a reload does not sign twice.
        return Response.seeOther(URI.create("/certyneo/sign/" + token)).build();
    }

    private record Signer(String envelopeId, String email) {
    }

    private Optional<Signer> signer(String token) {
        return sandbox.envelopeIdForToken(token)
                .flatMap(envId -> sandbox.emailForToken(envId, token).map(email -> new Signer(envId, email)));
    }

    private String render(Signer signer, String error) {
        EnvelopeView env = sandbox.envelope(signer.envelopeId());
        RecipientView me = env.recipients().stream().filter(r -> r.email().equalsIgnoreCase(signer.email()))
                .findFirst().orElseThrow();
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(env.subject())).append("</h1>\n");
        body.append("<p>Certyneo simulator &middot; envelope <code>").append(escape(env.id()))
                .append("</code> is <strong>").append(env.status()).append("</strong>.</p>\n");
        body.append("<p>").append(escape(me.name())).append(" &lt;").append(escape(me.email()))
                .append("&gt;: <strong id=\"recipient-status\">").append(me.status()).append("</strong></p>\n");
        if (error != null) {
            body.append("<p role=\"alert\">").append(escape(error)).append("</p>\n");
        }
        boolean canAct = "SENT".equals(env.status()) && ("SENT".equals(me.status()) || "VIEWED".equals(me.status()));
        if (canAct) {
            body.append("<form method=\"post\"><button name=\"action\" value=\"sign\">Sign</button>")
                    .append("<input name=\"reason\" placeholder=\"Reason to decline\">")
                    .append("<button name=\"action\" value=\"decline\">Decline</button></form>\n");
        } else if ("PENDING".equals(me.status())) {
            body.append("<p>Waiting for the previous signers.</p>\n");
        }
        return Html.page(env.subject(), body.toString());
    }

    private static Response notFound() {
        return Response.status(404).entity(Html.page("Not found", "<p>This signing link is not valid.</p>")).build();
    }
}
