package dev.signport.document.api;

import dev.signport.document.config.DocumentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;

/** How many request bytes each upload form may take for a PDF of the configured maximum size. */
@ApplicationScoped
public class UploadLimits {

    /** Room for multipart boundaries and part headers, JSON keys and a name. */
    static final long ENVELOPE_OVERHEAD = 16 * 1024;

    private final long maxPdf;

    public UploadLimits(DocumentConfig config) {
        this.maxPdf = config.maxSize().asLongValue();
    }

    /** The largest PDF accepted. */
    public long maxPdf() {
        return maxPdf;
    }

    /** The largest request body for a media type; -1 when the type is not an upload form. */
    public long maxBody(MediaType type) {
        if (type == null) {
            return -1;
        }
        if (type.isCompatible(PdfUploadReader.PDF)) {
            return maxPdf;
        }
        if (type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
            return maxPdf + ENVELOPE_OVERHEAD;
        }
        if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            // Base64 turns every 3 bytes into 4 characters.
            return (maxPdf + 2) / 3 * 4 + ENVELOPE_OVERHEAD;
        }
        return -1;
    }
}
