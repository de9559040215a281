package dev.signport.document.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.signport.document.domain.Spool;

/**
 * An upload body once streamed into a {@link Spool}, whatever form it came in. Its JSON form
 * (name, size and hash, never the bytes) is what the idempotency fingerprint sees.
 *
 * @param name the name the body carried (multipart file name or {@code name} part, JSON
 *             {@code name}), or null
 */
public record PdfUpload(String name, long sizeBytes, String sha256, @JsonIgnore Spool spool) {

    static PdfUpload of(String name, Spool spool) {
        spool.finish();
        return new PdfUpload(name, spool.size(), spool.sha256(), spool);
    }
}
