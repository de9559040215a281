package dev.signport.platform.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a response into what is stored for replay, and back. */
@ApplicationScoped
public class StoredResponses {

    public static final String REPLAYED = "Idempotent-Replayed";
    private static final List<String> STORED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.CONTENT_TYPE, "ETag");

    /** A response as stored. */
    public record Stored(int status, String headersJson, byte[] body) {}

    private final ObjectMapper mapper;

    public StoredResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Stored of(Response response) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String h : STORED_HEADERS) {
            String v = response.getHeaderString(h);
            if (v != null) {
                kept.put(h, v);
            }
        }
        Object entity = response.getEntity();
        if (!kept.containsKey(HttpHeaders.CONTENT_TYPE) && entity != null) {
            kept.put(HttpHeaders.CONTENT_TYPE, entity instanceof byte[] ? "application/octet-stream" : "application/json");
        }
        try {
            byte[] body = entity == null ? null : entity instanceof byte[] bytes ? bytes : mapper.writeValueAsBytes(entity);
            return new Stored(response.getStatus(), mapper.writeValueAsString(kept), body);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot store the response of an idempotent request", e);
        }
    }

    public Response replay(IdempotencyStore.Existing stored) {
        Response.ResponseBuilder b = Response.status(stored.status());
        try {
            Map<String, String> headers = mapper.readValue(stored.headersJson(), new TypeReference<>() {});
            headers.forEach(b::header);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable stored idempotent response", e);
        }
        if (stored.body() != null) {
            b.entity(stored.body());
        }
        return b.header(REPLAYED, "true").build();
    }
}
