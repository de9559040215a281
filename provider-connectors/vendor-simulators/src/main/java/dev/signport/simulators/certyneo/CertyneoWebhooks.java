package dev.signport.simulators.certyneo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.simulators.certyneo.CertyneoDtos.EnvelopeView;
import dev.signport.simulators.certyneo.CertyneoDtos.EventData;
import dev.signport.simulators.certyneo.CertyneoDtos.RecipientView;
import dev.signport.simulators.certyneo.CertyneoDtos.WebhookEvent;
import dev.signport.simulators.certyneo.CertyneoDtos.WebhookView;
import dev.signport.simulators.certyneo.Model.Webhook;
import dev.signport.simulators.common.CallbackSender;
import dev.signport.simulators.common.CallbackSender.Callback;
import dev.signport.simulators.common.Ids;
import dev.signport.simulators.common.Resettable;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Vendor;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Registered webhooks and the signed deliveries of Certyneo events to them. */
@ApplicationScoped
public class CertyneoWebhooks implements Resettable {

    static final String SIGNATURE_HEADER = "X-Certyneo-Signature";

    private final Map<String, Webhook> webhooks = new ConcurrentHashMap<>();
    private final CallbackSender sender;
    private final ObjectMapper mapper;

    public CertyneoWebhooks(CallbackSender sender, ObjectMapper mapper) {
        this.sender = sender;
        this.mapper = mapper;
    }

    WebhookView register(CertyneoDtos.WebhookRequest request) {
        if (request == null || request.url() == null || !isHttpUrl(request.url())) {
            throw SimError.certyneo(422, "validation_error", "url must be an absolute http(s) URL");
        }
        if (request.events() == null || request.events().isEmpty()) {
            throw SimError.certyneo(422, "validation_error", "events must list at least one event");
        }
        for (String e : request.events()) {
            if (!Model.EVENTS.contains(e)) {
                throw SimError.certyneo(422, "validation_error", "Unknown event '" + e + "'; known: " + Model.EVENTS);
            }
        }
        Webhook w = new Webhook(Ids.id("cwh_"), request.url(), List.copyOf(new LinkedHashSet<>(request.events())),
                Ids.secret("cwhsec_"), Instant.now());
        webhooks.put(w.id(), w);
        return new WebhookView(w.id(), w.url(), w.events(), w.secret(), w.createdAt());
    }

    List<WebhookView> list() {
        return webhooks.values().stream().sorted(Comparator.comparing(Webhook::createdAt))
                .map(w -> new WebhookView(w.id(), w.url(), w.events(), null, w.createdAt())).toList();
    }

    void delete(String id) {
        if (webhooks.remove(id) == null) {
            throw SimError.certyneo(404, "not_found", "No webhook " + id);
        }
    }

    /** Queues one delivery per matching webhook; returns at once (the API answer never waits for receivers). */
    void publish(String event, EnvelopeView envelope, RecipientView recipient) {
        List<Webhook> targets = new ArrayList<>();
        for (Webhook w : webhooks.values()) {
            if (w.events().contains(event)) {
                targets.add(w);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(
                    new WebhookEvent(event, envelope.id(), Instant.now(), new EventData(envelope, recipient)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise webhook event", e);
        }
        for (Webhook w : targets) {
            Map<String, String> headers = Map.of(
                    "Content-Type", "application/json",
                    SIGNATURE_HEADER, "sha256=" + hmacHex(w.secret(), body),
                    // One id per delivery, the same on each retry and on a duplicate: receivers dedupe on it.
                    "webhook-id", Ids.id("cdlv_"),
                    "X-Certyneo-Event", event);
            sender.send(Vendor.CERTYNEO, new Callback(URI.create(w.url()), headers, body), () -> {
                // Certyneo documents no consequence of a failed delivery: the event is simply lost.
            });
        }
    }

    /** Hex HMAC-SHA256 keyed with the UTF-8 bytes of the whole secret string ({@code cwhsec_…}). */
    static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void reset() {
        webhooks.clear();
    }
}
