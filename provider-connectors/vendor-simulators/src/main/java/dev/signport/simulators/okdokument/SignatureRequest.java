package dev.signport.simulators.okdokument;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One purchased signature request and its document; mutated only under its own lock. */
final class SignatureRequest {

    final String signatureRequestId;
    /** The numeric document id OKdokument puts in its completion callback. */
    final int id;
    final String filename;
    final byte[] original;
    final String resulturl;
    final String sendInfoURL;
    final JsonNode allowedFields;
    final Instant createdAt;
    State state;
    byte[] signed;
    Instant signedAt;
    Instant canceledAt;

    SignatureRequest(String signatureRequestId, int id, String filename, byte[] original, String resulturl,
            String sendInfoURL, JsonNode allowedFields, State state, Instant createdAt) {
        this.signatureRequestId = signatureRequestId;
        this.id = id;
        this.filename = filename;
        this.original = original;
        this.resulturl = resulturl;
        this.sendInfoURL = sendInfoURL;
        this.allowedFields = allowedFields;
        this.state = state;
        this.createdAt = createdAt;
    }

    OkdokumentDtos.RequestView view() {
        return new OkdokumentDtos.RequestView(signatureRequestId, id, state.key, filename, signedAt, canceledAt);
    }

    OkdokumentDtos.ControlView controlView() {
        return new OkdokumentDtos.ControlView(signatureRequestId, id, state.key, filename, original.length, resulturl,
                sendInfoURL, allowedFields, createdAt, signedAt, canceledAt);
    }
}
