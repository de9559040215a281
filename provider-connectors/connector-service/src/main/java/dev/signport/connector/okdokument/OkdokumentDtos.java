package dev.signport.connector.okdokument;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** OKdokument request and response bodies, as the adapter reads and writes them (unknown fields ignored). */
final class OkdokumentDtos {

    private OkdokumentDtos() {}

    /** {@code state} absent: the vendor's default ({@code tosign}); {@code allowedFields} not used (no field placement). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateRequest(String resulturl, FileData filedata, String sendInfoURL) {}

    record FileData(String content, String filename) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateResponse(String signatureRequestId, String url, String state) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RequestView(String signatureRequestId, String state, String filename, Instant signedAt, Instant canceledAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DocumentContent(String filename, String content) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DocumentList(List<DocumentEntry> documents) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DocumentEntry(String signatureRequestId, String state, String filename) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Counter(Long remaining, Long used) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(String errorCode, String message) {}
}
