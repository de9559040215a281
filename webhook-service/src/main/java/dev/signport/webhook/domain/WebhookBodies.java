package dev.signport.webhook.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The JSON webhook receivers get, {@code {type, timestamp, data}} (Standard Webhooks' recommended shape):
 * {@code data} is the event's payload as envelope-service published it (the envelope snapshot fields of
 * contracts/EVENTS.md §2) plus {@code sequence}, the per-envelope {@code ce_sequence}, so receivers can order
 * what arrives out of order; {@code timestamp} is when it happened.
 */
public final class WebhookBodies {

    private WebhookBodies() {
    }

    public static String of(ObjectMapper mapper, String type, Instant occurredAt, ObjectNode payload, Long sequence) {
        ObjectNode data = payload.deepCopy();
        if (sequence != null) {
            data.put("sequence", sequence);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("type", type);
        body.put("timestamp", occurredAt.toString());
        body.set("data", data);
        try {
            return mapper.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable", e);
        }
    }

    public static String test(ObjectMapper mapper, String webhookId, Instant at) {
        ObjectNode data = mapper.createObjectNode();
        data.put("webhookId", webhookId);
        data.put("message", "Test event from Signport: this endpoint is reachable and verifies our signature.");
        return of(mapper, EventNames.TEST, at, data, null);
    }

    /**
     * The {@code webhook-id} of an event sent to an endpoint: derived from both, so it is the same on every
     * attempt and every replay of that event to that endpoint (receivers de-duplicate on it), and different for
     * another endpoint.
     */
    public static String messageId(String eventId, String webhookId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((eventId + "\n" + webhookId).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
