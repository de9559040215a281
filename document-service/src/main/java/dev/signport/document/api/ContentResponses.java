package dev.signport.document.api;

import dev.signport.document.domain.Document;
import dev.signport.document.store.Storages;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.api.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP semantics of reading a document's bytes, shared by the public and internal routes:
 * {@code ETag} (the SHA-256), {@code If-None-Match} → 304, {@code Range} → 206 (or 416),
 * {@code If-Range}, and the bytes streamed from the document's storage backend.
 */
@ApplicationScoped
public class ContentResponses {

    static final String PDF = "application/pdf";

    private final Storages storages;

    public ContentResponses(Storages storages) {
        this.storages = storages;
    }

    public Response build(Document d, String range, String ifNoneMatch, String ifRange, String path) {
        String etag = "\"" + d.sha256 + "\"";
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header("Accept-Ranges", "bytes").build();
        }
        ByteRange r;
        try {
            // If-Range: serve the range only if the client's copy is the current one (it always is: bytes never change).
            r = ifRange == null || ifRange.trim().equals(etag) ? ByteRange.parse(range, d.sizeBytes) : null;
        } catch (ByteRange.Unsatisfiable e) {
            return Response.fromResponse(Problems.response(ProblemType.RANGE_NOT_SATISFIABLE,
                    "The document has " + d.sizeBytes + " bytes; the requested range is outside it", path))
                    .header("Content-Range", "bytes */" + d.sizeBytes).build();
        }
        long offset = r == null ? 0 : r.start();
        long length = r == null ? d.sizeBytes : r.length();
        Response.ResponseBuilder b = Response.status(r == null ? 200 : 206)
                .entity(new ContentBody(storages.of(d.storage).read(d.id, offset, length), length))
                .type(PDF)
                .header(HttpHeaders.ETAG, etag)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=0")
                .header("Content-Disposition", disposition(d.name));
        if (r != null) {
            b.header("Content-Range", r.contentRange(d.sizeBytes));
        }
        return b.build();
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
    static String disposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
