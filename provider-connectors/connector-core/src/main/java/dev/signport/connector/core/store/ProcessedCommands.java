package dev.signport.connector.core.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a command id is already in the platform inbox: read before a command starts vendor work, so
 * a redelivered command does nothing. (Recording it stays {@code Inbox.markProcessed}, in the
 * transaction that publishes the command's answer.)
 */
@ApplicationScoped
public class ProcessedCommands {

    public Uni<Boolean> seen(String consumer, String commandId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select count(*) from inbox where consumer = ?1 and event_id = ?2", Long.class)
                .setParameter(1, consumer).setParameter(2, commandId).getSingleResult())
                .map(n -> n > 0);
    }
}
