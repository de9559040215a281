package dev.signport.connector.core.domain;

import dev.signport.connector.core.spi.CallbackVerdict;
import dev.signport.connector.core.spi.InboundCallback;
import dev.signport.connector.core.store.EnvelopeLinks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A vendor callback on {@code /callbacks/{provider}/{token}}: find the envelope by the token's hash, let the
 * adapter check the callback (HMAC where the vendor signs), then re-read the status from the vendor. The
 * body is never used for anything but the adapter's check: what happened comes from the vendor's API.
 */
@ApplicationScoped
public class Callbacks {

    private static final Logger LOG = Logger.getLogger(Callbacks.class);

    /** What the resource answers. */
    public enum Result { UNKNOWN, FORGED, ACCEPTED }

    private final ActiveProvider provider;
    private final EnvelopeLinks links;
    private final Links linkReads;
    private final StatusSync sync;

    public Callbacks(ActiveProvider provider, EnvelopeLinks links, Links linkReads, StatusSync sync) {
        this.provider = provider;
        this.links = links;
        this.linkReads = linkReads;
        this.sync = sync;
    }

    public Uni<Result> receive(String providerName, String token, InboundCallback callback) {
        if (!provider.name().equals(providerName) || !CallbackTokens.wellFormed(token)) {
            return Uni.createFrom().item(Result.UNKNOWN);
        }
        return Panache.withSession(() -> links.findByTokenHash(providerName, CallbackTokens.hash(token)))
                .chain(link -> {
                    if (link == null) {
                        return Uni.createFrom().item(Result.UNKNOWN);
                    }
                    CallbackVerdict verdict = provider.get().verifyCallback(linkReads.ref(link), callback);
                    if (verdict == CallbackVerdict.FORGED) {
                        LOG.warnf("Refused a %s callback for envelope %s: its signature does not verify",
                                providerName, link.envelopeId);
                        return Uni.createFrom().item(Result.FORGED);
                    }
                    if (verdict == CallbackVerdict.IRRELEVANT || link.state != LinkState.ACCEPTED) {
                        // Another envelope's event, or one not accepted yet / already over: the send's own
                        // answer, or the poller, covers it.
                        return Uni.createFrom().item(Result.ACCEPTED);
                    }
                    return sync.refresh(link.id, null, null).replaceWith(Result.ACCEPTED);
                });
    }
}
