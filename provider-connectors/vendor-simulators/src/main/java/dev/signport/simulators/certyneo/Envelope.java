package dev.signport.simulators.certyneo;

import dev.signport.simulators.certyneo.Model.Document;
import dev.signport.simulators.certyneo.Model.EnvelopeStatus;
import dev.signport.simulators.certyneo.Model.SigningOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An envelope and its recipients; every read and write holds this object's lock, so transitions are atomic. */
final class Envelope {

    final String id;
    final Instant createdAt;
    String subject;
    String message;
    List<String> documentIds;
    SigningOrder signingOrder;
    List<Recipient> recipients;
    EnvelopeStatus status = EnvelopeStatus.DRAFT;
    Instant sentAt;
    Instant completedAt;
    Instant declinedAt;
    Instant voidedAt;
    Instant expiredAt;
    /** The documents as they were when sent: later deletions of the uploads do not change a sent envelope. */
    List<Document> sentDocuments = List.of();
    /** Human-readable history, for the audit trail and the control view. */
    final List<String> history = new ArrayList<>();

    Envelope(String id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
    }

    void log(Instant at, String what) {
        history.add(at + " " + what);
    }

    CertyneoDtos.EnvelopeView view() {
        return new CertyneoDtos.EnvelopeView(id, subject, message, status.name(), signingOrder.name(),
                List.copyOf(documentIds), recipients.stream().map(Recipient::view).toList(), createdAt, sentAt,
                completedAt, declinedAt, voidedAt, expiredAt);
    }
}
