package dev.signport.connector.core.api;

import dev.signport.connector.core.domain.Callbacks;
import dev.signport.connector.core.spi.InboundCallback;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.auth.Anonymous;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Where vendors call back: {@code /callbacks/{provider}/{token}}, one unguessable token per envelope.
 * Anonymous on purpose: vendors cannot authenticate to us (OKdokument sends nothing, Certyneo signs the
 * body with a per-webhook secret the adapter checks). The token only selects the envelope; the body is
 * never trusted, the status is re-read from the vendor. An unknown token is a 404.
 */
@Path("/callbacks/{provider}/{token}")
@Anonymous
@Tag(name = "Vendor callbacks")
public class CallbackResource {

    private final Callbacks callbacks;

    public CallbackResource(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A vendor's notification about one envelope (body checked, then the status is re-read)")
    public Uni<Response> notify(@PathParam("provider") String provider, @PathParam("token") String token,
            HttpHeaders headers, byte[] body) {
        return receive(provider, token, headers, body);
    }

    /**
     * The page a vendor sends the signer's browser to after signing (OKdokument's {@code resulturl}): a
     * hint that something happened, handled like a callback without a body, answered with a short page.
     */
    @GET
    @Path("/result")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Where the vendor's signing page sends the signer back")
    public Uni<Response> result(@PathParam("provider") String provider, @PathParam("token") String token,
            HttpHeaders headers) {
        return receive(provider, token, headers, new byte[0]).map(r -> Response.ok(
                        "<!doctype html><html><body><p>Thank you. You can close this page.</p></body></html>",
                        MediaType.TEXT_HTML_TYPE).build());
    }

    private Uni<Response> receive(String provider, String token, HttpHeaders headers, byte[] body) {
        Map<String, String> lower = new HashMap<>();
        for (Map.Entry<String, List<String>> h : headers.getRequestHeaders().entrySet()) {
            if (!h.getValue().isEmpty()) {
                lower.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
            }
        }
        return callbacks.receive(provider, token, new InboundCallback(lower, body))
                .map(result -> switch (result) {
                    case UNKNOWN -> throw new ProblemException(ProblemType.NOT_FOUND, "No envelope has this callback URL");
                    case FORGED -> throw new ProblemException(ProblemType.UNAUTHORIZED, "The callback signature does not verify");
                    case ACCEPTED -> Response.noContent().build();
                })
                .onFailure(e -> !(e instanceof ProblemException)).transform(e ->
                        // The vendor retries a failed callback; the poller catches up if it gives up.
                        new ProblemException(ProblemType.UNAVAILABLE, "Could not process the callback now; retry later",
                                List.of(), 5));
    }
}
