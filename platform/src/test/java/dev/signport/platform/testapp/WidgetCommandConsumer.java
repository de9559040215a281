package dev.signport.platform.testapp;

import dev.signport.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import dev.signport.platform.messaging.ConsumerRetries;
import dev.signport.platform.messaging.PermanentFailure;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumer written the way services write theirs: effect + inbox id in one transaction, transient
 * failures retried until they pass, the dead-letter topic (configured on the channel) only for a
 * record that can never be processed. A body starting with "flaky-" fails its first three attempts
 * as a database blip would.
 */
@ApplicationScoped
public class WidgetCommandConsumer {

    public static final String CONSUMER = "widget-commands";

    public static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    private final Inbox inbox;
    private final ConsumerRetries retries;

    public WidgetCommandConsumer(Inbox inbox, ConsumerRetries retries) {
        this.inbox = inbox;
        this.retries = retries;
    }

    // A ConsumerRecord payload (not a Message) so that a failed Uni is nacked and dead-lettered.
    @Incoming("widget-commands")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String eventId = Inbox.eventId(record).orElseThrow(() -> new PermanentFailure("no ce_id"));
        String body = record.value();
        if (body.contains("poison")) {
            return Uni.createFrom().failure(new PermanentFailure("cannot process " + eventId));
        }
        return retries.untilDone(CONSUMER, () -> {
            int attempt = ATTEMPTS.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
            if (body.startsWith("flaky-") && attempt <= 3) {
                return Uni.createFrom().failure(new IllegalStateException("simulated database blip " + attempt));
            }
            return inbox.processOnce(CONSUMER, eventId, () -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                                    "insert into widget_counter(name, hits) values (?1, 1)"
                                            + " on conflict (name) do update set hits = widget_counter.hits + 1")
                            .setParameter(1, body).executeUpdate()));
        }).replaceWithVoid();
    }

}
