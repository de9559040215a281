package dev.signport.document.api;

import dev.signport.document.store.ByteStream;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes a {@link ContentBody} with its exact {@code Content-Length}, one piece at a time: the next
 * piece is fetched from storage only once the previous one was handed to the socket, so a slow
 * client holds at most one piece in memory and never blocks the event loop.
 */
@Provider
public class ContentBodyWriter implements ServerMessageBodyWriter<ContentBody> {

    private static final Logger LOG = Logger.getLogger(ContentBodyWriter.class);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target,
            MediaType mediaType) {
        return ContentBody.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return ContentBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(ContentBody body, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext ctx = (ResteasyReactiveRequestContext) context;
        ctx.suspend();
        ServerHttpResponse response = context.serverResponse();
        response.setResponseHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length()));
        pump(body.stream(), response, ctx);
    }

    private void pump(ByteStream stream, ServerHttpResponse response, ResteasyReactiveRequestContext ctx) {
        stream.next().subscribe().with(piece -> {
            if (piece == null) {
                stream.close();
                response.end();
                ctx.resume();
                return;
            }
            response.write(piece).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    // The client went away; nothing left to send to.
                    stream.close();
                    ctx.resume();
                    return;
                }
                pump(stream, response, ctx);
            });
        }, failure -> {
            stream.close();
            if (!response.headWritten()) {
                response.removeResponseHeader(HttpHeaders.CONTENT_LENGTH);
                ctx.resume(failure);
                return;
            }
            // Headers (and part of the body) are out: a broken connection is the only honest signal left.
            LOG.errorf(failure, "Streaming a document failed after the response started");
            response.reset();
            ctx.resume();
        });
    }

    @Override
    public void writeTo(ContentBody body, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) {
        throw new UnsupportedOperationException("ContentBody is only written by Quarkus REST");
    }
}
