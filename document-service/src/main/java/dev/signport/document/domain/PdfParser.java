package dev.signport.document.domain;

import dev.signport.document.config.DocumentConfig;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The bulkhead PDFs are parsed on: a few dedicated threads and a short queue, so that parsing never
 * ties up the shared worker pool and a burst of uploads gets 503 with Retry-After instead of a
 * queue that grows. Each parse has a time limit, enforced on PDFBox's reads ({@link ParseGuard})
 * and, for a parse that stops reading, by a watchdog on the result; the result comes back on the
 * caller's Vert.x context, where Hibernate Reactive continues.
 */
@ApplicationScoped
public class PdfParser {

    /** How long past the time limit the watchdog waits for a parse that does not stop by itself. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final Path scratchDir;
    private final int retryAfterSeconds;
    private final Counter busy;
    private final Counter overtime;

    @Inject
    public PdfParser(DocumentConfig config, SpoolDirectory spools, MeterRegistry registry) {
        this(config.parse().threads(), config.parse().queue(), config.parse().timeout(), spools.path(), registry);
    }

    PdfParser(int threads, int queue, Duration timeout, Path scratchDir, MeterRegistry registry) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("signport.documents.parse.threads must be >= 1 and queue >= 0");
        }
        this.timeout = timeout;
        this.scratchDir = scratchDir;
        this.retryAfterSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        AtomicInteger ids = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, waiting, r -> {
            Thread t = new Thread(r, "signport-pdf-parse-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
        Gauge.builder("signport.documents.parse.active", pool, ThreadPoolExecutor::getActiveCount)
                .description("PDF parses running").register(registry);
        Gauge.builder("signport.documents.parse.queued", pool, p -> p.getQueue().size())
                .description("PDF parses waiting for a thread").register(registry);
        this.busy = Counter.builder("signport.documents.parse.refused").tag("reason", "busy")
                .description("Uploads refused with 503 because the parsing pool and its queue were full")
                .register(registry);
        this.overtime = Counter.builder("signport.documents.parse.refused").tag("reason", "overtime")
                .description("PDFs refused because their parse ran past the time limit").register(registry);
    }

    /** Validates the spooled PDF (see {@link PdfInspector}) on the bulkhead. */
    public Uni<PdfInspector.PdfInfo> inspect(Spool spool, boolean allowEncrypted) {
        return submit(guard -> PdfInspector.inspect(spool, allowEncrypted, guard, scratchDir));
    }

    /**
     * Runs {@code work} on the bulkhead under a {@link ParseGuard}: 503 at once when every thread and
     * queue slot is taken, or when it waited a whole time limit for a thread; 422 when it runs more
     * than the time limit plus {@link #GRACE} (the work itself should stop at the limit).
     */
    <T> Uni<T> submit(Function<ParseGuard, T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Job<T> job = new Job<>(work, ParseGuard.of(timeout));
            try {
                pool.execute(job);
            } catch (RejectedExecutionException e) {
                busy.increment();
                return Uni.createFrom().failure(busy());
            }
            Uni<T> result = Uni.createFrom().completionStage(job.started)
                    .ifNoItem().after(timeout).failWith(() -> {
                        busy.increment();
                        pool.remove(job);
                        return job.abandon(busy());
                    })
                    .onItem().transformToUni(ignored -> Uni.createFrom().completionStage(job.result)
                            .ifNoItem().after(timeout.plus(GRACE)).failWith(() -> {
                                overtime.increment();
                                job.guard.cancel();
                                return PdfInspector.tookTooLong();
                            }))
                    .onCancellation().invoke(job.guard::cancel);
            // Back on the caller's context, like Workers.call: Hibernate Reactive must continue there.
            return context == null ? result : result.emitOn(command -> context.runOnContext(ignored -> command.run()));
        });
    }

    private ProblemException busy() {
        return new ProblemException(ProblemType.UNAVAILABLE, "Too many PDFs are being analysed; retry in "
                + retryAfterSeconds + " s", List.of(), retryAfterSeconds);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** One parse: started once a thread takes it, unless it was abandoned while it waited. */
    private static final class Job<T> implements Runnable {
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final CompletableFuture<T> result = new CompletableFuture<>();
        final ParseGuard guard;
        private final Function<ParseGuard, T> work;

        Job(Function<ParseGuard, T> work, ParseGuard guard) {
            this.work = work;
            this.guard = guard;
        }

        @Override
        public void run() {
            if (!started.complete(null)) {
                return; // abandoned while it waited: its request has already been answered
            }
            try {
                result.complete(work.apply(guard.start()));
            } catch (Throwable e) {
                // Whatever escapes (an Error included) fails this request; the thread goes on serving others.
                result.completeExceptionally(e);
            }
        }

        ProblemException abandon(ProblemException answer) {
            if (!started.completeExceptionally(answer)) {
                guard.cancel(); // it started just now: stop it at its first read
            }
            return answer;
        }
    }
}
