package dev.signport.simulators.common;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Each vendor's error shape: Certyneo (and the control API) {@code {"error":{code,message}}}, OKdokument {@code {errorCode,message}}. */
public final class ErrorBodies {

    /** Certyneo's documented error body. */
    public record CertyneoError(Detail error) {
        public record Detail(String code, String message) {
        }
    }

    /** OKdokument's error body (its format is undocumented; this is what its 402 answer looks like). */
    public record OkdokumentError(String errorCode, String message) {
    }

    public static final String NO_SIGNATURE_REQUESTS = "NO_SIGNATURE_REQUESTS";
    public static final String NO_SIGNATURE_REQUESTS_MESSAGE = "No signature requests left on this account";

    private ErrorBodies() {
    }

    public static Object body(Vendor vendor, int status, String code, String message) {
        if (vendor == Vendor.OKDOKUMENT) {
            return new OkdokumentError(code, message);
        }
        return new CertyneoError(new CertyneoError.Detail(code, message));
    }

    public static Response response(Vendor vendor, int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(vendor, status, code, message)).build();
    }

    /** The answer of an injected {@code status} fault: the code the vendor would plausibly send with that status. */
    public static Response injected(Vendor vendor, int status, Integer retryAfterSeconds) {
        Response.ResponseBuilder rb = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(vendor, status, defaultCode(vendor, status), "Injected fault: HTTP " + status));
        if (vendor == Vendor.OKDOKUMENT && status == 402) {
            rb.entity(new OkdokumentError(NO_SIGNATURE_REQUESTS, NO_SIGNATURE_REQUESTS_MESSAGE));
        }
        if (retryAfterSeconds != null) {
            rb.header("Retry-After", String.valueOf(retryAfterSeconds));
        }
        return rb.build();
    }

    static String defaultCode(Vendor vendor, int status) {
        String code = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 402 -> "payment_required";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "validation_error";
            case 429 -> vendor == Vendor.OKDOKUMENT ? "too_many_requests" : "rate_limited";
            case 500 -> "internal_error";
            case 502 -> "bad_gateway";
            case 503 -> "service_unavailable";
            case 504 -> "gateway_timeout";
            default -> "http_" + status;
        };
        return vendor == Vendor.OKDOKUMENT ? code.toUpperCase(java.util.Locale.ROOT) : code;
    }
}
