package dev.signport.simulators.okdokument;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the OKdokument API (unknown request fields are ignored). */
public final class OkdokumentDtos {

    private OkdokumentDtos() {
    }

    /** {@code POST /JSON/signatureRequest}; {@code allowedFields} is passed through untouched. */
    public record CreateRequest(String resulturl, FileData filedata, String state, String sendInfoURL,
            JsonNode allowedFields) {
    }

    public record FileData(String content, String filename) {
    }

    public record CreateResponse(String signatureRequestId, int id, String url, String state) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestView(String signatureRequestId, int id, String state, String filename, Instant signedAt,
            Instant canceledAt) {
    }

    public record DocumentContent(String filename, String content) {
    }

    public record DocumentList(List<DocumentEntry> documents) {
    }

    public record DocumentEntry(String signatureRequestId, String state, String filename) {
    }

    public record CounterView(int remaining, int used) {
    }

    /** The completion callback body, exactly as OKdokument documents it. */
    public record CallbackBody(String state, int id, String signatureRequestId) {
    }

    /** The control API's view: everything the sandbox knows about a request (bytes excepted). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ControlView(String signatureRequestId, int id, String state, String filename, int size,
            String resulturl, String sendInfoURL, JsonNode allowedFields, Instant createdAt, Instant signedAt,
            Instant canceledAt) {
    }

    /** Control: {@code PUT /_control/okdokument/quota}. */
    public record QuotaRequest(Integer remaining) {
    }
}
