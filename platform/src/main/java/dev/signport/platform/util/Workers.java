package dev.signport.platform.util;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (file IO, PDF parsing, S3 calls) on a worker thread and completes on the
 * caller's Vert.x context, where Hibernate Reactive and the reactive SQL client must be used.
 */
public final class Workers {

    private Workers() {}

    public static <T> Uni<T> call(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                // Not on Vert.x (plain unit tests): just run it.
                try {
                    return Uni.createFrom().item(work.call());
                } catch (Exception e) {
                    return Uni.createFrom().failure(e);
                }
            }
            return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
        });
    }

    public static Uni<Void> run(ThrowingRunnable work) {
        return call(() -> {
            work.run();
            return null;
        });
    }

    /** A blocking action without a result. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
