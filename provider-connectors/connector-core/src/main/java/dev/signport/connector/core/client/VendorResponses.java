package dev.signport.connector.core.client;

import dev.signport.connector.core.spi.VendorException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * Turns a vendor's HTTP response into a result or a {@link VendorException}, the same way for every
 * adapter. REST clients built by adapters disable the default exception mapper, so error statuses
 * arrive here as responses with their body and {@code Retry-After} intact.
 */
public final class VendorResponses {

    /** The vendor's code and message from an error body; both may be null. */
    public record VendorError(String code, String message) {}

    private VendorResponses() {}

    /**
     * {@code response} if it is a 2xx, else a {@link VendorException} with the vendor's code and message as
     * read from the body by {@code errorReader} (which must tolerate any body, or none).
     */
    public static Response expect2xx(String operation, Response response, Function<String, VendorError> errorReader) {
        int status = response.getStatus();
        if (status >= 200 && status < 300) {
            return response;
        }
        String body = null;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException ignored) {
            // an unreadable error body still is an error with a status
        }
        VendorError error;
        try {
            error = body == null || body.isBlank() ? new VendorError(null, null) : errorReader.apply(body);
        } catch (RuntimeException e) {
            error = new VendorError(null, truncate(body));
        }
        throw new VendorException(operation, status, error.code(), truncate(error.message()),
                retryAfter(response.getHeaderString("Retry-After")));
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(Instant.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500) + "…";
    }
}
