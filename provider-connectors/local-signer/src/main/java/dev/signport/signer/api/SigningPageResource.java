package dev.signport.signer.api;

import dev.signport.pades.DocumentRejectedException;
import dev.signport.platform.auth.Anonymous;
import dev.signport.signer.adapter.CorePoke;
import dev.signport.signer.domain.SigningService;
import dev.signport.signer.domain.SigningService.Client;
import dev.signport.signer.render.PdfWork;
import dev.signport.signer.sms.SmsGateway;
import dev.signport.signer.store.Rows;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The signing page a recipient's link opens ({@code /sign/local/<token>}), and the JSON endpoints behind it, which are
 * also what the demo and the tests drive. The token in the path is the credential: 32 random bytes, stored hashed,
 * usable until the recipient signs or declines, the envelope closes or it expires. Answers never carry a stack trace:
 * a bad link is a clear page (HTML) or an RFC 9457 problem (JSON).
 */
@Path("/sign/local/{token}")
@Anonymous
@Blocking
public class SigningPageResource {

    private static final Logger LOG = Logger.getLogger(SigningPageResource.class);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String GRANT_HEADER = "X-Signing-Grant";
    private static final int MAX_USER_AGENT = 512;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PAGE = resource("/signing/page.html");

    private final SigningService signing;
    private final CorePoke core;
    private final SmsGateway sms;

    public SigningPageResource(SigningService signing, CorePoke core, SmsGateway sms) {
        this.signing = signing;
        this.core = core;
        this.sms = sms;
    }

    // --- the page -----------------------------------------------------------------------------------------

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token, @Context HttpServerRequest request) {
        List<String> ancestors = signing.frameAncestors(token);
        // The page itself loads its state from the JSON endpoints, so a bad link gets the same page with the message.
        String nonce = nonce();
        String frameAncestors = ancestors.isEmpty() ? "'none'" : String.join(" ", ancestors);
        return Response.ok(PAGE.replace("{{NONCE}}", nonce), "text/html; charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; img-src 'self' data: blob:; "
                        + "style-src 'nonce-" + nonce + "'; script-src 'nonce-" + nonce + "'; connect-src 'self'; "
                        + "base-uri 'none'; form-action 'none'; frame-ancestors " + frameAncestors)
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    // --- JSON endpoints -------------------------------------------------------------------------------------

    /** The envelope, this signer, the documents and what the page must ask for. The first look marks VIEWED. */
    @GET
    @Path("api/session")
    @Produces(MediaType.APPLICATION_JSON)
    public Response session(@PathParam("token") String token, @HeaderParam(GRANT_HEADER) String grant,
            @Context HttpServerRequest request) {
        return json(() -> {
            SigningService.View v = signing.view(token, grant, client(request));
            if ("VIEWED".equals(v.session().state()) && v.session().viewedAt() != null
                    && v.session().viewedAt().equals(v.session().stateAt())) {
                core.changed(v.envelope().id(), signing.callbackToken(v.envelope().id()));
            }
            return toDto(v);
        });
    }

    @GET
    @Path("api/documents/{position}/pages/{page}")
    @Produces("image/png")
    public Response page(@PathParam("token") String token, @PathParam("position") int position,
            @PathParam("page") int page, @HeaderParam(GRANT_HEADER) String grant) {
        try {
            byte[] png = signing.page(token, grant, position, page);
            return Response.ok(png, "image/png").header("Cache-Control", "private, max-age=300").build();
        } catch (RuntimeException e) {
            return problem(e);
        }
    }

    /** Sends a one-time code by email or SMS. */
    @POST
    @Path("api/otp")
    @Produces(MediaType.APPLICATION_JSON)
    public Response otp(@PathParam("token") String token, @Context HttpServerRequest request) {
        return json(() -> {
            SigningService.Otp otp = signing.newOtp(token, client(request));
            String channel = otp.session().authMethod();
            if ("SMS_OTP".equals(channel)) {
                sms.send(otp.session().phone(), "Signport: your signing code is " + otp.code() + ". Do not share it.");
            }
            return Map.of("sent", true, "channel", "SMS_OTP".equals(channel) ? "sms" : "email");
        });
    }

    public record VerifyRequest(String code) {}

    @POST
    @Path("api/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(@PathParam("token") String token, VerifyRequest body, @Context HttpServerRequest request) {
        return json(() -> {
            SigningService.Verification v = signing.verify(token, body == null ? null : body.code(),
                    client(request));
            if (v.grant() == null) {
                throw new SigningService.LinkProblem(422, "wrong code", v.remainingAttempts() == 0
                        ? "wrong code; no attempts left: ask the sender to send the envelope again"
                        : "wrong code; " + v.remainingAttempts() + " attempt(s) left");
            }
            return Map.of("verified", true, "grant", v.grant());
        });
    }

    public record SignatureBody(String type, String text, String image) {}

    public record SignRequestBody(Boolean consent, SignatureBody signature) {}

    @POST
    @Path("api/sign")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response sign(@PathParam("token") String token, SignRequestBody body, @HeaderParam(GRANT_HEADER) String grant,
            @Context HttpServerRequest request) {
        return json(() -> {
            if (body == null) {
                throw new SigningService.LinkProblem(400, "malformed request", "a JSON body is required");
            }
            SignatureBody sig = body.signature();
            SigningService.SignatureInput input = sig == null ? null
                    : new SigningService.SignatureInput(sig.type(), sig.text(), png(sig.image()));
            SigningService.Outcome outcome = signing.sign(token, grant, Boolean.TRUE.equals(body.consent()), input,
                    client(request));
            core.changed(outcome.envelopeId(), outcome.callbackToken());
            return Map.of("status", "SIGNED", "envelopeStatus", outcome.envelopeState());
        });
    }

    public record DeclineRequest(String reason) {}

    @POST
    @Path("api/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response decline(@PathParam("token") String token, DeclineRequest body,
            @HeaderParam(GRANT_HEADER) String grant, @Context HttpServerRequest request) {
        return json(() -> {
            SigningService.Outcome outcome = signing.decline(token, grant, body == null ? null : body.reason(),
                    client(request));
            core.changed(outcome.envelopeId(), outcome.callbackToken());
            return Map.of("status", "DECLINED", "envelopeStatus", outcome.envelopeState());
        });
    }

    // --- shapes -----------------------------------------------------------------------------------------

    public record DocumentDto(int position, String documentId, String name, int pages) {}

    public record FieldDto(int document, int page, double x, double y, double width, double height) {}

    public record SignerDto(String name, int order, String status) {}

    public record SessionDto(String envelopeId, String subject, String message, String envelopeStatus,
            String signingOrder, String signer, String email, String status, boolean yourTurn, String authentication,
            boolean authenticated, String consentText, List<DocumentDto> documents, List<FieldDto> fields,
            List<SignerDto> signers, String expiresAt) {}

    private static SessionDto toDto(SigningService.View v) {
        Rows.Session s = v.session();
        Rows.Envelope e = v.envelope();
        boolean visible = v.authenticated();
        List<DocumentDto> docs = new ArrayList<>();
        List<FieldDto> fields = new ArrayList<>();
        for (Rows.Document d : v.documents()) {
            docs.add(new DocumentDto(d.position(), d.documentId(), d.name(), d.pages()));
            for (Rows.Field f : s.fields()) {
                if (f.documentId().equals(d.documentId())) {
                    fields.add(new FieldDto(d.position(), f.page(), f.x(), f.y(), f.width(), f.height()));
                }
            }
        }
        List<SignerDto> signers = v.all().stream().map(o -> new SignerDto(o.name(), o.step(), o.state())).toList();
        return new SessionDto(e.id(), e.subject(), e.message(), e.state(), e.signingOrder(), s.name(),
                s.email(), s.state(), s.step() <= e.currentStep(),
                s.authMethod() == null ? null : s.authMethod().toLowerCase(), visible, v.consentText(),
                visible ? docs : List.of(), visible ? fields : List.of(), signers,
                e.expiresAt() == null ? null : e.expiresAt().toString());
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private interface Work {
        Object run();
    }

    private static Response json(Work work) {
        try {
            return Response.ok(work.run(), MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
        } catch (RuntimeException e) {
            return problem(e);
        }
    }

    private static Response problem(RuntimeException e) {
        int status;
        String title;
        String detail;
        Integer retryAfter = null;
        if (e instanceof SigningService.LinkProblem p) {
            status = p.status;
            title = p.title;
            detail = p.getMessage();
        } else if (e instanceof PdfWork.Busy) {
            status = 503;
            title = "busy";
            detail = "the signing service is busy; try again in a few seconds";
            retryAfter = 5;
        } else if (e instanceof DocumentRejectedException) {
            status = 422;
            title = "the document cannot be displayed";
            detail = e.getMessage();
        } else {
            LOG.errorf(e, "Signing page request failed");
            status = 500;
            title = "unexpected error";
            detail = "something went wrong on our side; nothing was changed, try again";
        }
        Response.ResponseBuilder r = Response.status(status).type(PROBLEM_JSON)
                .entity(Map.of("type", "https://signport.dev/problems/signing", "title", title, "status", status,
                        "detail", detail))
                .header("Cache-Control", "no-store");
        if (retryAfter != null) {
            r.header("Retry-After", retryAfter);
        }
        return r.build();
    }

    private static byte[] png(String dataUrl) {
        if (dataUrl == null || dataUrl.isBlank()) {
            return null;
        }
        String prefix = "data:image/png;base64,";
        if (!dataUrl.startsWith(prefix)) {
            throw new SigningService.LinkProblem(422, "signature not usable", "a drawn signature is a PNG data URL");
        }
        try {
            return Base64.getDecoder().decode(dataUrl.substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new SigningService.LinkProblem(422, "signature not usable", "the drawn signature is not base64");
        }
    }

    private static Client client(HttpServerRequest request) {
        // With quarkus.http.proxy.* this is the client's address as the trusted edge forwarded it.
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String ua = request.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT) {
            ua = ua.substring(0, MAX_USER_AGENT);
        }
        return new Client(ip, ua);
    }

    private static String nonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String resource(String name) {
        try (InputStream in = SigningPageResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
