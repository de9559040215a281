package dev.signport.document.api;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.signport.document.domain.Spool;
import dev.signport.document.domain.SpoolDirectory;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.common.headers.HeaderUtil;
import org.jboss.resteasy.reactive.common.util.CaseInsensitiveMap;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Streams an upload body, in any of its three forms, into a {@link Spool}: raw
 * {@code application/pdf}, {@code multipart/form-data} with a {@code file} part, or JSON
 * {@code {name, contentBase64}} decoded on the fly. Nothing is buffered whole: Quarkus REST hands
 * bodies larger than its input buffer to this reader on a worker thread as a blocking stream that
 * pulls from the socket as it is read, so the first byte past the limit ends the request with 413
 * (and the connection is closed rather than drained).
 */
@Provider
@Consumes({"application/pdf", MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_JSON})
public class PdfUploadReader implements ServerMessageBodyReader<PdfUpload> {

    static final MediaType PDF = new MediaType("application", "pdf");

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_TEXT_PART = 1024;
    /**
     * A refused upload with at most this much left to send is drained so the connection can be
     * reused (closing with unread data makes TCP reset it, which can cost the client the 413);
     * anything longer, or of unknown length, has its connection closed instead.
     */
    private static final long DRAIN_LIMIT = 64 * 1024;
    private static final Base64Variant BASE64 = Base64Variants.MIME_NO_LINEFEEDS.withPaddingAllowed();

    private final UploadLimits limits;
    private final SpoolDirectory spools;
    // Own factory: short strings only (a name), so no field but contentBase64 can grow large, and
    // contentBase64 is decoded from the stream by readBinaryValue without ever becoming a String.
    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(16 * 1024).build())
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    public PdfUploadReader(UploadLimits limits, SpoolDirectory spools) {
        this.limits = limits;
        this.spools = spools;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod,
            MediaType mediaType) {
        return type == PdfUpload.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == PdfUpload.class;
    }

    @Override
    public PdfUpload readFrom(Class<PdfUpload> type, Type genericType, MediaType mediaType,
            ServerRequestContext context) throws IOException {
        RoutingContext rc = ((ResteasyReactiveRequestContext) context).serverRequest().unwrap(RoutingContext.class);
        Spool spool = spools.newSpool(limits.maxPdf());
        // Whatever happens next, the spool file goes when the exchange ends.
        rc.addEndHandler(ignored -> rc.vertx().executeBlocking(() -> {
            spool.delete();
            return null;
        }, false));
        LimitedInputStream in = new LimitedInputStream(context.getInputStream(), limits.maxBody(mediaType));
        try {
            if (mediaType.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
                return readMultipart(in, mediaType, spool);
            }
            if (mediaType.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return readJson(in, spool);
            }
            copy(in, spool);
            return PdfUpload.of(null, spool);
        } catch (ProblemException e) {
            abandon(rc, context, in.count, spool);
            throw e;
        } catch (java.io.UncheckedIOException e) {
            // Our side (spool disk), not the client's: a 500 with an error id.
            abandon(rc, context, in.count, spool);
            throw e;
        } catch (IOException | RuntimeException e) {
            abandon(rc, context, in.count, spool);
            throw ProblemException.badRequest("The request body could not be read completely");
        }
    }

    /**
     * Gives up on a body: drops the spool, and makes sure the rest of the body is never buffered.
     * A short remainder is discarded as it arrives so that the connection can be reused (closing
     * with unread data makes TCP reset it, which can cost the client its 413); a long or unknown
     * one ends with the connection, so it is never read at all.
     */
    private static void abandon(RoutingContext rc, ServerRequestContext context, long read, Spool spool) {
        spool.delete();
        if (rc.request().isEnded()) {
            return;
        }
        if (unreadBytes(context, read) > DRAIN_LIMIT) {
            Connections.closeAfterResponse(rc);
        } else {
            rc.request().handler(ignored -> {});
        }
    }

    @Override
    public PdfUpload readFrom(Class<PdfUpload> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) {
        // Quarkus REST always uses the ServerRequestContext variant above.
        throw new UnsupportedOperationException("PdfUpload is only read by Quarkus REST");
    }

    /** What the client still has to send: unknown (chunked) counts as a lot. */
    private static long unreadBytes(ServerRequestContext context, long read) {
        String length = context.getRequestHeaders().getHeaderString(jakarta.ws.rs.core.HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? Long.MAX_VALUE : Long.parseLong(length.trim()) - read;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void copy(InputStream in, Spool spool) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) != -1) {
            spool.write(buf, 0, n);
        }
    }

    private PdfUpload readMultipart(InputStream in, MediaType mediaType, Spool spool) throws IOException {
        String boundary = mediaType.getParameters().get("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw ProblemException.badRequest("multipart/form-data needs a boundary parameter");
        }
        Parts parts = new Parts(spool);
        MultipartParser.ParseState parser = MultipartParser.beginParse(parts,
                boundary.getBytes(StandardCharsets.US_ASCII), StandardCharsets.UTF_8.name());
        byte[] buf = new byte[BUFFER];
        int n;
        try {
            while ((n = in.read(buf)) != -1) {
                parser.parse(ByteBuffer.wrap(buf, 0, n));
            }
        } catch (MultipartParser.MalformedMessageException e) {
            throw ProblemException.badRequest("The multipart body is malformed");
        }
        if (!parser.isComplete()) {
            throw ProblemException.badRequest("The multipart body is incomplete");
        }
        if (!parts.sawFile) {
            throw ProblemException.invalid("file", "is required: send the PDF in a multipart part named 'file'");
        }
        return PdfUpload.of(parts.name != null && !parts.name.isBlank() ? parts.name : parts.fileName, spool);
    }

    private PdfUpload readJson(InputStream in, Spool spool) throws IOException {
        String name = null;
        boolean content = false;
        try (JsonParser p = json.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ProblemException.badRequest("The body must be a JSON object {\"name\", \"contentBase64\"}");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("name".equals(field)) {
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL) {
                        throw ProblemException.invalid("name", "must be a string");
                    }
                    name = value == JsonToken.VALUE_NULL ? null : p.getText();
                } else if ("contentBase64".equals(field)) {
                    if (content) {
                        throw ProblemException.invalid("contentBase64", "must be given once");
                    }
                    if (value != JsonToken.VALUE_STRING) {
                        throw ProblemException.invalid("contentBase64", "must be the PDF as a base64 string");
                    }
                    content = true;
                    try {
                        p.readBinaryValue(BASE64, spool);
                    } catch (IllegalArgumentException | JsonProcessingException e) {
                        throw ProblemException.invalid("contentBase64", "is not valid base64");
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw ProblemException.badRequest("The request body is not a valid JSON object");
            }
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The request body is not valid JSON");
        }
        if (!content) {
            throw ProblemException.invalid("contentBase64", "is required");
        }
        return PdfUpload.of(name, spool);
    }

    /** Routes multipart parts: {@code file} to the spool, a short {@code name} kept, others skipped. */
    private static final class Parts implements MultipartParser.PartHandler {
        private final Spool spool;
        private boolean inFile;
        private ByteArrayOutputStream text;
        private boolean sawFile;
        private String fileName;
        private String name;

        Parts(Spool spool) {
            this.spool = spool;
        }

        @Override
        public void beginPart(CaseInsensitiveMap<String> headers) {
            String disposition = headers.getFirst("Content-Disposition");
            String field = disposition == null ? null : HeaderUtil.extractQuotedValueFromHeader(disposition, "name");
            inFile = false;
            text = null;
            if ("file".equals(field)) {
                if (sawFile) {
                    throw ProblemException.invalid("file", "must be sent once");
                }
                sawFile = true;
                inFile = true;
                fileName = HeaderUtil.extractQuotedValueFromHeaderWithEncoding(disposition, "filename");
            } else if ("name".equals(field)) {
                text = new ByteArrayOutputStream();
            }
        }

        @Override
        public void data(ByteBuffer buffer) {
            int n = buffer.remaining();
            if (inFile) {
                if (buffer.hasArray()) {
                    spool.write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
                } else {
                    byte[] copy = new byte[n];
                    buffer.duplicate().get(copy);
                    spool.write(copy, 0, n);
                }
            } else if (text != null) {
                if (text.size() + n > MAX_TEXT_PART) {
                    throw ProblemException.invalid("name", "must be at most " + MAX_TEXT_PART + " bytes");
                }
                byte[] copy = new byte[n];
                buffer.duplicate().get(copy);
                text.write(copy, 0, n);
            }
            buffer.position(buffer.limit());
        }

        @Override
        public void endPart() {
            if (text != null) {
                name = text.toString(StandardCharsets.UTF_8);
                text = null;
            }
            inFile = false;
        }
    }

    /** Counts what is read from the request and refuses to read past the limit of its upload form. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit < 0 ? Long.MAX_VALUE : limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The request body exceeds the limit of " + limit + " bytes for this upload form");
            }
        }

        @Override
        public void close() {
            // Never close the request stream: closing would drain the rest of the body.
        }
    }
}
