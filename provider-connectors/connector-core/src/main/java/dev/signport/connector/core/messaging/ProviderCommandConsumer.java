package dev.signport.connector.core.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.connector.core.domain.ActiveProvider;
import dev.signport.connector.core.domain.CancelFlow;
import dev.signport.connector.core.domain.LinkState;
import dev.signport.connector.core.domain.SendFlow;
import dev.signport.connector.core.domain.StatusSync;
import dev.signport.connector.core.store.EnvelopeLinks;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.provider.CancelEnvelope;
import dev.signport.contracts.provider.ProviderCommand;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.RefreshStatus;
import dev.signport.contracts.provider.RemindRecipients;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.platform.inbox.Inbox;
import dev.signport.platform.messaging.CloudEventRecords;
import dev.signport.platform.messaging.ConsumerRetries;
import dev.signport.platform.messaging.PermanentFailure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code signport.provider.<provider>.commands.v1} (the channel's topic and group follow
 * {@code signport.connector.provider}). Each command runs at most once per command id: the id is checked
 * before any vendor call and recorded (platform inbox) in the transaction that publishes the answer.
 * Vendor and document failures are answered with {@code provider.failed}; database blips and claims held
 * by another replica are retried until they pass (the partition waits); an unreadable record goes to the
 * dead-letter topic.
 */
@ApplicationScoped
public class ProviderCommandConsumer {

    private static final Logger LOG = Logger.getLogger(ProviderCommandConsumer.class);

    private final ObjectMapper mapper;
    private final ConsumerRetries retries;
    private final ActiveProvider provider;
    private final SendFlow send;
    private final CancelFlow cancel;
    private final StatusSync sync;
    private final EnvelopeLinks links;
    private final Inbox inbox;
    private final ProviderEvents events;
    private final MeterRegistry registry;

    public ProviderCommandConsumer(ObjectMapper mapper, ConsumerRetries retries, ActiveProvider provider, SendFlow send,
            CancelFlow cancel, StatusSync sync, EnvelopeLinks links, Inbox inbox, ProviderEvents events,
            MeterRegistry registry) {
        this.mapper = mapper;
        this.retries = retries;
        this.provider = provider;
        this.send = send;
        this.cancel = cancel;
        this.sync = sync;
        this.links = links;
        this.inbox = inbox;
        this.events = events;
        this.registry = registry;
    }

    /** The inbox consumer name of this deployment's commands. */
    public String consumer() {
        return "connector-" + provider.name() + ".commands";
    }

    // A ConsumerRecord payload (not a Message) so that a failed Uni is nacked and dead-lettered.
    @Incoming("provider-commands")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        ProviderCommand command;
        try {
            // The inbox key is the command id (connectors execute a command id at most once), not ce_id.
            command = CloudEventRecords.read(mapper, record, ProviderCommand.class).orElse(null);
        } catch (PermanentFailure e) {
            return Uni.createFrom().failure(e);
        }
        if (command == null) {
            // A command type added after this connector was built: nothing here can execute it.
            LOG.warnf("Ignoring a command of unknown type at %s-%d@%d", record.topic(), record.partition(), record.offset());
            return Uni.createFrom().voidItem();
        }
        String consumer = consumer();
        long start = System.nanoTime();
        return retries.untilDone(consumer, () -> dispatch(command, consumer))
                .onItemOrFailure().invoke((ok, failure) -> Timer.builder("signport.connector.commands")
                        .description("Time from reading a command to its answer being committed")
                        .tag("provider", provider.name()).tag("type", command.type())
                        .tag("outcome", failure == null ? "done" : "dead-lettered").publishPercentiles(0.5, 0.99)
                        .register(registry)
                        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                .replaceWithVoid();
    }

    private Uni<Void> dispatch(ProviderCommand command, String consumer) {
        if (command instanceof SendEnvelope s) {
            return send.handle(s, consumer);
        }
        if (command instanceof CancelEnvelope c) {
            return cancel.handle(c, consumer);
        }
        if (command instanceof RefreshStatus r) {
            return refresh(r, consumer);
        }
        if (command instanceof RemindRecipients r) {
            return unsupported(r, consumer, provider.name() + " offers no reminders through its API");
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> refresh(RefreshStatus command, String consumer) {
        return Panache.withSession(() -> links.findByEnvelope(provider.name(), command.envelopeId()))
                .chain(link -> link == null || link.state != LinkState.ACCEPTED
                        ? Panache.withTransaction(() -> inbox.markProcessed(consumer, command.commandId())).replaceWithVoid()
                        : sync.refresh(link.id, command.commandId(), consumer)
                                .onFailure(e -> dev.signport.connector.core.domain.Failure.of(provider.name(), e).isPresent())
                                .recoverWithUni(e -> {
                                    // The vendor did not answer: the poller keeps trying; this command is done.
                                    LOG.infof("Refresh of %s at %s failed: %s", command.envelopeId(), provider.name(),
                                            e.getMessage());
                                    return sync.postpone(link.id).chain(() -> Panache.withTransaction(
                                            () -> inbox.markProcessed(consumer, command.commandId())))
                                            .replaceWith(StatusSync.Outcome.UNCHANGED);
                                })
                                .replaceWithVoid());
    }

    private Uni<Void> unsupported(ProviderCommand command, String consumer, String reason) {
        return Panache.withTransaction(() -> inbox.markProcessed(consumer, command.commandId()).chain(fresh -> !fresh
                ? Uni.createFrom().voidItem()
                : events.append(new ProviderFailed(command.envelopeId(), command.tenantId(), provider.name(), null,
                        command.commandId(), Instant.now(), false, FailureCode.UNSUPPORTED, reason, null))));
    }
}
