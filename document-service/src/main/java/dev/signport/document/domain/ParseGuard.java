package dev.signport.document.domain;

import java.io.IOException;
import java.time.Duration;

/**
 * The time limit of one PDF parse, and its cancellation by a watchdog. PDFBox reads its input
 * constantly, so {@link GuardedRead} calls {@link #check()} on those reads and a parse over time
 * stops at its next read instead of holding a thread. Started on the thread that parses.
 */
public final class ParseGuard {

    /** Why a parse was stopped. */
    public enum Reason { TIME, CANCELLED }

    private final long timeoutNanos;
    private volatile long deadline;
    private volatile boolean started;
    private volatile boolean cancelled;
    private volatile Reason tripped;

    private ParseGuard(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** A guard whose clock has not started: {@link #start()} it when the parse begins. */
    public static ParseGuard of(Duration timeout) {
        return new ParseGuard(timeout);
    }

    /** Starts the clock. */
    public ParseGuard start() {
        deadline = System.nanoTime() + timeoutNanos;
        started = true;
        return this;
    }

    /** Asks the parse to stop at its next check (from any thread). */
    public void cancel() {
        cancelled = true;
    }

    /** Throws once the parse is over time or cancelled. */
    public void check() throws IOException {
        if (tripped != null) {
            throw new Stopped(tripped);
        }
        Reason reason = null;
        if (cancelled) {
            reason = Reason.CANCELLED;
        } else if (started && System.nanoTime() - deadline > 0) {
            reason = Reason.TIME;
        }
        if (reason != null) {
            tripped = reason;
            throw new Stopped(reason);
        }
    }

    /** Why the parse was stopped, or null if it never was. */
    public Reason tripped() {
        return tripped;
    }

    /**
     * Thrown into PDFBox from a read. An IOException, so PDFBox unwinds as for damaged input; its
     * lenient recovery paths read again and are stopped again. No stack trace: it is expected.
     */
    static final class Stopped extends IOException {
        Stopped(Reason reason) {
            super("parse stopped: " + reason, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
