package dev.signport.simulators.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Request bodies are read by hand rather than by the framework so that a malformed body gets the
 * vendor's own 400 body, after the vendor's auth has run. Unknown fields are ignored (Quarkus'
 * default): vendors add fields, clients send extra ones.
 */
public final class Json {

    private Json() {
    }

    /** The parsed body, or null for an empty one; a malformed body is the vendor's 400. */
    public static <T> T parse(ObjectMapper mapper, byte[] body, Class<T> type, Vendor vendor) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return mapper.readValue(body, type);
        } catch (IOException e) {
            String code = vendor == Vendor.OKDOKUMENT ? "INVALID_JSON" : "invalid_json";
            throw new SimError(vendor, 400, code, "The body is not valid JSON for this endpoint");
        }
    }
}
