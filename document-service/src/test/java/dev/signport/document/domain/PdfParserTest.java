package dev.signport.document.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.document.support.TestPdfs;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parsing bulkhead on its own: bounded, timed, and answering on the caller's Vert.x context. */
class PdfParserTest {

    /** Hang guard for awaits; nothing here is expected to take that long. */
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private PdfParser parser;

    private PdfParser parser(int threads, int queue, Duration timeout) {
        parser = new PdfParser(threads, queue, timeout, dir, new SimpleMeterRegistry());
        return parser;
    }

    private Spool spool(byte[] bytes) {
        Spool s = Spool.create(dir, Long.MAX_VALUE);
        s.write(bytes, 0, bytes.length);
        return s.finish();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (parser != null) {
            parser.stop();
        }
    }

    /** Work that holds its thread until the test lets it go, ignoring the guard as a runaway parse would. */
    private String hold(ParseGuard ignored, CountDownLatch started) {
        started.countDown();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "held";
    }

    @Test
    void parsesOnItsOwnThreadsAndAnswersOnTheCallersContext() throws Exception {
        PdfParser p = parser(2, 4, Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            CompletableFuture<String> outcome = new CompletableFuture<>();
            Spool spool = spool(TestPdfs.pages(2));
            context.runOnContext(ignored -> p.submit(guard -> Thread.currentThread().getName())
                    .flatMap(thread -> p.inspect(spool, false).map(info -> thread + "|" + info.pages()))
                    .subscribe().with(
                            item -> outcome.complete(item + "|" + (Vertx.currentContext() == context)),
                            outcome::completeExceptionally));
            String[] result = outcome.get(AWAIT.toSeconds(), TimeUnit.SECONDS).split("\\|");
            assertTrue(result[0].startsWith("signport-pdf-parse-"), result[0]);
            assertEquals("2", result[1]);
            assertEquals("true", result[2], "the result is emitted on the caller's context");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullPoolAndQueueAnswer503WithRetryAfterAtOnce() throws Exception {
        PdfParser p = parser(1, 1, Duration.ofSeconds(30));
        CountDownLatch running = new CountDownLatch(1);
        Uni<String> first = p.submit(g -> hold(g, running));
        CompletableFuture<String> firstDone = first.subscribeAsCompletionStage();
        running.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
        CompletableFuture<String> queued = p.<String>submit(g -> "queued").subscribeAsCompletionStage();

        ProblemException busy = assertThrows(ProblemException.class,
                () -> p.submit(g -> "third").await().atMost(AWAIT));
        assertEquals(ProblemType.UNAVAILABLE, busy.type());
        assertEquals(30, busy.retryAfterSeconds());

        release.countDown();
        assertEquals("held", firstDone.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("queued", queued.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("again", p.submit(g -> "again").await().atMost(AWAIT), "capacity is back");
    }

    @Test
    void aParseThatWaitedATimeLimitForAThreadGets503() throws Exception {
        PdfParser p = parser(1, 4, Duration.ofMillis(300));
        CountDownLatch running = new CountDownLatch(1);
        p.submit(g -> hold(g, running)).subscribeAsCompletionStage();
        running.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
        ProblemException e = assertThrows(ProblemException.class, () -> p.submit(g -> "late").await().atMost(AWAIT));
        assertEquals(ProblemType.UNAVAILABLE, e.type());
    }

    @Test
    void theWatchdogAnswers422ForAParseThatIgnoresItsTimeLimitAndCancelsIt() throws Exception {
        PdfParser p = parser(1, 1, Duration.ofMillis(200));
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<ParseGuard> guardSeen = new CompletableFuture<>();
        ProblemException e = assertThrows(ProblemException.class, () -> p.submit(g -> {
            guardSeen.complete(g);
            return hold(g, running);
        }).await().atMost(AWAIT));
        assertEquals(ProblemType.UNPROCESSABLE, e.type());
        assertTrue(e.detail().contains("too long"), e.detail());
        ParseGuard guard = guardSeen.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
        assertThrows(IOException.class, guard::check, "the runaway parse is told to stop at its next read");
    }

    @Test
    void anErrorInAParseFailsThatRequestOnlyAndTheThreadServesTheNext() {
        PdfParser p = parser(1, 1, Duration.ofSeconds(30));
        // Mutiny's await wraps an Error in a CompletionException; what matters is which error it was.
        Throwable error = assertThrows(Throwable.class, () -> p.submit(g -> {
            throw new StackOverflowError();
        }).await().atMost(AWAIT));
        assertTrue(error instanceof StackOverflowError || error.getCause() instanceof StackOverflowError,
                error.toString());
        assertSame(ProblemType.UNPROCESSABLE, assertThrows(ProblemException.class,
                () -> p.inspect(spool(TestPdfs.deepPageTree(30_000)), false).await().atMost(AWAIT)).type());
        assertEquals(1, p.inspect(spool(TestPdfs.pages(1)), false).await().atMost(AWAIT).pages());
    }
}
