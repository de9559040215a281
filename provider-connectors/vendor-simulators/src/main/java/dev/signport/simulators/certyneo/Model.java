package dev.signport.simulators.certyneo;

import java.time.Instant;
import java.util.List;

/** Certyneo's enumerations and immutable resources. */
final class Model {

    private Model() {
    }

    enum EnvelopeStatus {
        DRAFT, SENT, COMPLETED, DECLINED, VOIDED, EXPIRED;

        boolean terminal() {
            return this != DRAFT && this != SENT;
        }
    }

    enum RecipientStatus {
        PENDING, SENT, VIEWED, SIGNED, DECLINED
    }

    /** SIGNERs sign; a CC only receives the envelope and never blocks completion. */
    enum Role {
        SIGNER, CC
    }

    enum SigningOrder {
        PARALLEL, SEQUENTIAL
    }

    /** An uploaded PDF; the bytes never change, an envelope keeps its own reference once sent. */
    record Document(String id, String name, String contentType, byte[] bytes, Instant createdAt) {
    }

    /** A registered webhook; {@code secret} keys the HMAC of every delivery and is shown only at creation. */
    record Webhook(String id, String url, List<String> events, String secret, Instant createdAt) {
    }

    /** An API key of the account; {@code secret} is the bearer token, shown only at creation. */
    record ApiKey(String id, String name, String secret, Instant createdAt) {
    }

    /** Webhook events, in the order the README lists them (plus {@code envelope.created}, which the seed names). */
    static final List<String> EVENTS = List.of("envelope.created", "envelope.sent", "envelope.completed",
            "envelope.declined", "envelope.voided", "envelope.expired", "recipient.viewed", "recipient.signed",
            "recipient.declined");
}
