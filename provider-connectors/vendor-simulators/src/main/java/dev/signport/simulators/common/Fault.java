package dev.signport.simulators.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.concurrent.atomic.AtomicInteger;

/** One injected fault and how many more times it fires ({@code -1} = until cleared). */
public final class Fault {

    /** Operation name that matches every API operation of a vendor (and its callbacks, for callback kinds). */
    public static final String ANY = "*";
    /** Operation name of a vendor's outbound callbacks (Certyneo webhooks, OKdokument sendInfoURL). */
    public static final String CALLBACK = "callback";

    private final long id;
    private final String operation;
    private final FaultKind kind;
    private final Integer status;
    private final Integer retryAfterSeconds;
    private final Long delayMs;
    private final AtomicInteger remaining;

    public Fault(long id, String operation, FaultKind kind, Integer status, Integer retryAfterSeconds, Long delayMs,
            int times) {
        this.id = id;
        this.operation = operation;
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.delayMs = delayMs;
        this.remaining = new AtomicInteger(times);
    }

    public FaultKind kind() {
        return kind;
    }

    public Integer status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Long delayMs() {
        return delayMs;
    }

    boolean matches(String op, FaultKind k) {
        return kind == k && (operation.equals(ANY) || operation.equals(op));
    }

    /** Claims one firing; false once used up (concurrent callers never both get the last one). */
    boolean tryFire() {
        while (true) {
            int left = remaining.get();
            if (left == 0) {
                return false;
            }
            if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    boolean usedUp() {
        return remaining.get() == 0;
    }

    public View view() {
        return new View(id, operation, kind.key(), status, retryAfterSeconds, delayMs, remaining.get());
    }

    /** A fault as the control API shows it; {@code times} is what is left. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(long id, String operation, String kind, Integer status, Integer retryAfterSeconds, Long delayMs,
            int times) {
    }
}
