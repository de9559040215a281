package dev.signport.connector.core.domain;

import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.spi.VendorRef;
import dev.signport.connector.core.store.LinkProgress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared reads of an {@link EnvelopeLink}: its vendor reference, its callback URL, its poll schedule. */
@ApplicationScoped
public class Links {

    private final LinkCodec codec;
    private final SecretBox box;
    private final ConnectorConfig config;

    public Links(LinkCodec codec, SecretBox box, ConnectorConfig config) {
        this.codec = codec;
        this.box = box;
        this.config = config;
    }

    public VendorRef ref(EnvelopeLink link) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (RecipientLink r : codec.recipients(link)) {
            if (r.vendorRef() != null) {
                refs.put(r.recipientId(), r.vendorRef());
            }
        }
        return new VendorRef(link.envelopeId, link.tenantId, link.externalId, refs,
                LinkProgress.readOnly(codec.progress(link), box));
    }

    public String callbackUrl(EnvelopeLink link) {
        return CallbackTokens.url(link.callbackBaseUrl, link.provider, box.open(link.callbackTokenSealed));
    }

    /** First poll after a change: soon for vendors that never call back, late for those that do. */
    public Duration firstPoll(boolean vendorCallsBack) {
        return vendorCallsBack ? config.polling().callbackOverdue() : config.polling().interval();
    }

    /** Schedules the next poll: back to the first delay after a change, doubled (up to the maximum) otherwise. */
    public void schedule(EnvelopeLink link, boolean changed, boolean vendorCallsBack) {
        long first = firstPoll(vendorCallsBack).toMillis();
        long next = changed || link.pollIntervalMs <= 0 ? first
                : Math.min(Math.max(link.pollIntervalMs * 2, first), config.polling().maxInterval().toMillis());
        link.pollIntervalMs = next;
        link.nextPollAt = Instant.now().plusMillis(next);
    }

    public LinkCodec codec() {
        return codec;
    }

    public SecretBox box() {
        return box;
    }
}
