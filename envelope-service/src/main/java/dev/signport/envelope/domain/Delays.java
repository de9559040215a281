package dev.signport.envelope.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Pauses that resume on the caller's Vert.x context, where its Hibernate Reactive session lives. */
public final class Delays {

    private Delays() {
    }

    /**
     * Completes after {@code d} on the current Vert.x context. Mutiny's own delays resume on a scheduler thread,
     * from which the next database call would fail (a reactive session is bound to its context).
     */
    public static Uni<Void> sleep(Duration d) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(d);
        }
        return Uni.createFrom().emitter(em -> {
            long timer = ctx.owner().setTimer(Math.max(1, d.toMillis()),
                    t -> ctx.runOnContext(v -> em.complete(null)));
            em.onTermination(() -> ctx.owner().cancelTimer(timer));
        });
    }
}
