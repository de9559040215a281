package dev.signport.connector.core.spi;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * Where an adapter records each step of a send as soon as it is done, in the connector's own table
 * (committed at once, outside any long transaction), so that a redelivered command resumes instead of
 * repeating vendor calls. Each write also extends this replica's claim on the envelope. Record what a
 * later step needs before taking it (e.g. uploaded document ids before creating the envelope that names
 * them), so that a resumed send can recognise what the vendor already has.
 */
public interface SendProgress extends Checkpoints {

    /**
     * Whether an earlier attempt of this send may already have called the vendor: the envelope was taken
     * over from an attempt that did not finish (a crash, a retried failure), not created by this one. A
     * step not recorded yet must then look for its result at the vendor before doing it.
     */
    boolean resumed();

    default Uni<Void> put(String key, String value) {
        return putAll(Map.of(key, value), Map.of());
    }

    /** Like {@link #put}, encrypted at rest and never logged or returned by any API (webhook secrets). */
    default Uni<Void> putSecret(String key, String value) {
        return putAll(Map.of(), Map.of(key, value));
    }

    /** Several values in one write (one round trip); {@code secrets} are sealed like {@link #putSecret}. */
    Uni<Void> putAll(Map<String, String> values, Map<String, String> secrets);
}
