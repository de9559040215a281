package dev.signport.connector.core.spi;

import java.util.Optional;

/** Read access to what an adapter recorded while sending an envelope. */
public interface Checkpoints {

    Optional<String> get(String key);

    /** A value recorded with {@link SendProgress#putSecret}, decrypted. */
    Optional<String> secret(String key);

    default boolean has(String key) {
        return get(key).isPresent();
    }
}
