package dev.signport.signer.adapter;

import dev.signport.connector.core.domain.Callbacks;
import dev.signport.connector.core.spi.InboundCallback;
import dev.signport.contracts.Providers;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Tells connector-core that an envelope changed here, as a vendor's webhook would: the core re-reads the status and
 * publishes what moved (recipient signed, completed with the signed PDF stored…) in its own transaction. Called after
 * the change committed; if this fails the core's poller catches up (callbacks overdue), so nothing is lost.
 */
@ApplicationScoped
public class CorePoke {

    private static final Logger LOG = Logger.getLogger(CorePoke.class);

    private final Callbacks callbacks;

    public CorePoke(Callbacks callbacks) {
        this.callbacks = callbacks;
    }

    /** Blocks the calling worker thread until the core has recorded the change. */
    public void changed(String envelopeId, String callbackToken) {
        if (callbackToken == null) {
            return;
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> callbacks.receive(Providers.LOCAL, callbackToken,
                    new InboundCallback(Map.of(), null)));
        } catch (Throwable e) {
            LOG.warnf("Envelope %s changed but the connector could not publish it yet (%s); the poller will",
                    envelopeId, e.toString());
        }
    }
}
