package dev.signport.signer.render;

import dev.signport.pades.DocumentRejectedException;
import dev.signport.pades.Limits;
import dev.signport.pades.PdfPages;
import dev.signport.signer.config.SignerConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bulkhead for work on untrusted PDFs (parsing, rendering, anchor search, signing): a few threads and a short
 * queue of their own, so a hostile or huge document occupies at most these threads for at most {@code timeout}, never
 * the HTTP workers or the event loop. Callers block (they run on worker threads) and get a clear error when the work
 * is refused, too slow or fails.
 */
@ApplicationScoped
public class PdfWork {

    /** The pool and its queue are full: try again shortly. */
    public static class Busy extends RuntimeException {
        Busy() {
            super("the signing service is busy", null, false, false);
        }
    }

    private final ThreadPoolExecutor pool;
    private final SignerConfig.Work config;
    private final Limits limits;
    private final PdfPages.Budget budget;

    public PdfWork(SignerConfig config) {
        this.config = config.work();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(this.config.threads(), this.config.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(this.config.queue()), r -> {
                    Thread t = new Thread(r, "pdf-work-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.limits = Limits.DEFAULT;
        this.budget = new PdfPages.Budget(this.config.maxDecodedBytesPerPage(), this.config.maxImagePixels());
    }

    public Limits limits() {
        return limits;
    }

    public PdfPages.Budget budget() {
        return budget;
    }

    /**
     * Runs {@code work} on the bulkhead and waits for it. Past the timeout the caller gets a
     * {@link DocumentRejectedException}; the thread is interrupted (PDFBox may not notice until its current page is
     * done, which the page budget keeps short).
     */
    public <T> T run(String what, Callable<T> work) {
        Future<T> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new Busy();
        }
        try {
            return future.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DocumentRejectedException(what + " took longer than " + config.timeout().toSeconds()
                    + " s: the document is too complex to process");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof OutOfMemoryError) {
                throw new DocumentRejectedException(what + " needs more memory than allowed");
            }
            throw new IllegalStateException(what + " failed: " + cause, cause);
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        pool.shutdownNow();
    }
}
