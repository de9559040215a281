package dev.signport.platform.testapp;

import dev.signport.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumer written the way services write theirs: effect + inbox id in one transaction, bounded
 * retries, then the dead-letter topic (configured on the channel) for a poison record.
 */
@ApplicationScoped
public class WidgetCommandConsumer {

    public static final String CONSUMER = "widget-commands";

    private final Inbox inbox;

    public WidgetCommandConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    // A ConsumerRecord payload (not a Message) so that a failed Uni is nacked: retried, then dead-lettered.
    @Incoming("widget-commands")
    @Retry(maxRetries = 2, delay = 100)
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String eventId = Inbox.eventId(record).orElseThrow(() -> new IllegalArgumentException("no ce_id"));
        String body = record.value();
        if (body.contains("poison")) {
            return Uni.createFrom().failure(new IllegalArgumentException("cannot process " + eventId));
        }
        return inbox.processOnce(CONSUMER, eventId, () -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                                "insert into widget_counter(name, hits) values (?1, 1)"
                                        + " on conflict (name) do update set hits = widget_counter.hits + 1")
                        .setParameter(1, body).executeUpdate()))
                .replaceWithVoid();
    }

}
