package dev.signport.envelope.domain;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets {@code POST /send?wait=} return as soon as this replica applied the provider's answer, instead of polling
 * blindly. Another replica's consumer may apply it, so waiters also wake on a short timeout and re-read.
 */
@ApplicationScoped
public class SendWaiters {

    private final Map<String, Set<Runnable>> waiting = new ConcurrentHashMap<>();

    /** Completes, on the caller's Vert.x context, when {@code envelopeId} changed here or after {@code max}. */
    public Uni<Void> changeOrTimeout(String envelopeId, Duration max) {
        Context ctx = Vertx.currentContext();
        if (ctx == null) {
            return Delays.sleep(max);
        }
        return Uni.createFrom().emitter(em -> {
            AtomicBoolean done = new AtomicBoolean();
            Runnable[] fire = new Runnable[1];
            long timer = ctx.owner().setTimer(Math.max(1, max.toMillis()), t -> fire[0].run());
            fire[0] = () -> {
                if (done.compareAndSet(false, true)) {
                    ctx.owner().cancelTimer(timer);
                    // Back on the waiter's context: its next database read needs it.
                    ctx.runOnContext(v -> em.complete(null));
                }
            };
            waiting.computeIfAbsent(envelopeId, k -> ConcurrentHashMap.newKeySet()).add(fire[0]);
            em.onTermination(() -> {
                Set<Runnable> set = waiting.get(envelopeId);
                if (set != null) {
                    set.remove(fire[0]);
                    if (set.isEmpty()) {
                        waiting.remove(envelopeId, set);
                    }
                }
            });
        });
    }

    public void signal(String envelopeId) {
        Set<Runnable> set = waiting.remove(envelopeId);
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }
}
