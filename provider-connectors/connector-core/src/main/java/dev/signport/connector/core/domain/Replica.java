package dev.signport.connector.core.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * This process, as the owner of envelope claims. Commands of one envelope share a Kafka key, so this
 * replica handles them one after another: a claim it holds itself is left over from its own earlier
 * failed attempt and may be taken back at once; another replica's claim is waited out.
 */
@ApplicationScoped
public class Replica {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
