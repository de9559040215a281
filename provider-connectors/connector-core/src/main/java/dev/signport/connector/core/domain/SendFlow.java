package dev.signport.connector.core.domain;

import dev.signport.connector.core.client.DocumentStore;
import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.messaging.CapabilitiesPublisher;
import dev.signport.connector.core.messaging.ProviderEvents;
import dev.signport.connector.core.spi.Accepted;
import dev.signport.connector.core.spi.OutgoingEnvelope;
import dev.signport.connector.core.spi.VendorRef;
import dev.signport.connector.core.spi.VendorStatus.RecipientState;
import dev.signport.connector.core.store.ClaimLost;
import dev.signport.connector.core.store.EnvelopeLinks;
import dev.signport.connector.core.store.LinkProgress;
import dev.signport.connector.core.store.ProcessedCommands;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.platform.id.Ids;
import dev.signport.platform.inbox.Inbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * {@code command.send_envelope}: claim the envelope, fetch its PDFs, let the adapter create and send it at
 * the vendor (recording each step), then record the vendor id and publish {@code provider.accepted} (or
 * {@code provider.failed}) together with the command id in one transaction. No transaction is open while
 * the vendor or document-service is called. A redelivered command finds its id in the inbox and does
 * nothing; a command interrupted by a crash resumes from the recorded steps, so the vendor sees each
 * request once.
 */
@ApplicationScoped
public class SendFlow {

    private static final Logger LOG = Logger.getLogger(SendFlow.class);

    private final ActiveProvider provider;
    private final EnvelopeLinks links;
    private final Links linkReads;
    private final ProcessedCommands processed;
    private final Inbox inbox;
    private final ProviderEvents events;
    private final DocumentStore documents;
    private final ConnectorConfig config;
    private final Replica replica;
    private final CapabilitiesPublisher capabilities;
    private final Pool pool;
    private final MeterRegistry registry;

    public SendFlow(ActiveProvider provider, EnvelopeLinks links, Links linkReads, ProcessedCommands processed,
            Inbox inbox, ProviderEvents events, DocumentStore documents, ConnectorConfig config, Replica replica,
            CapabilitiesPublisher capabilities, Pool pool, MeterRegistry registry) {
        this.provider = provider;
        this.links = links;
        this.linkReads = linkReads;
        this.processed = processed;
        this.inbox = inbox;
        this.events = events;
        this.documents = documents;
        this.config = config;
        this.replica = replica;
        this.capabilities = capabilities;
        this.pool = pool;
        this.registry = registry;
    }

    /** What {@link #begin} decided: run (a new link, or resumed from an earlier attempt) or answer again. */
    private record Start(EnvelopeLink link, boolean run, boolean resumed) {}

    public Uni<Void> handle(SendEnvelope command, String consumer) {
        return createIfNew(command, consumer).chain(created -> created != null ? run(command, consumer, created, false)
                : Panache.withTransaction(() -> begin(command, consumer)).chain(start -> {
                    if (start == null) {
                        return Uni.createFrom().voidItem();
                    }
                    return start.run() ? run(command, consumer, start.link(), start.resumed())
                            : answerAgain(command, consumer, start.link());
                }));
    }

    /**
     * The common case in one auto-committed statement: a command not yet answered for an envelope this
     * provider has never seen creates its link, claimed by this replica. Null when the link exists or the
     * command was answered: {@link #begin} then decides under the row lock.
     */
    private Uni<EnvelopeLink> createIfNew(SendEnvelope command, String consumer) {
        EnvelopeLink link = newLink(command, Instant.now());
        return pool.preparedQuery("""
                        insert into envelope_link(id, provider, envelope_id, tenant_id, mode, send_command_id, state,
                            callback_token_hash, callback_token_sealed, callback_base_url, document_name, progress,
                            recipients, claim_owner, claimed_until, poll_interval_ms, created_at, updated_at)
                        select $1, $2, $3, $4, $5, $6, 'SENDING', $7, $8, $9, $10, '{}', '[]', $11,
                               now() + make_interval(secs => $12), 0, now(), now()
                        where not exists (select 1 from inbox where consumer = $13 and event_id = $6)
                        on conflict (provider, envelope_id) do nothing
                        returning id""")
                .execute(Tuple.tuple(List.<Object>of(link.id, link.provider, link.envelopeId, link.tenantId, link.mode,
                        link.sendCommandId, link.callbackTokenHash, link.callbackTokenSealed, link.callbackBaseUrl,
                        link.documentName, link.claimOwner, config.claimLease().toMillis() / 1000.0, consumer)))
                .map(rows -> rows.rowCount() == 1 ? link : null);
    }

    /** Decides, under the row lock, whether this command runs, was already answered, or must wait. */
    private Uni<Start> begin(SendEnvelope command, String consumer) {
        return processed.seen(consumer, command.commandId()).chain(seen -> {
            if (seen) {
                LOG.debugf("Send command %s already answered", command.commandId());
                return Uni.createFrom().nullItem();
            }
            return links.lockByEnvelope(provider.name(), command.envelopeId()).chain(link -> {
                Instant now = Instant.now();
                if (link == null) {
                    return create(command, now).map(l -> new Start(l, true, false));
                }
                switch (link.state) {
                    case SENDING:
                        if (!replica.id().equals(link.claimOwner) && link.claimedUntil != null
                                && link.claimedUntil.isAfter(now)) {
                            throw new ClaimLost("Envelope " + command.envelopeId() + " is being sent by another replica");
                        }
                        claim(link, command, now);
                        return Uni.createFrom().item(new Start(link, true, true));
                    case FAILED:
                        // A new attempt: resumes from what the last one recorded (kept only if it was retryable).
                        link.state = LinkState.SENDING;
                        link.failureReason = null;
                        claim(link, command, now);
                        return Uni.createFrom().item(new Start(link, true, true));
                    case ACCEPTED:
                        return Uni.createFrom().item(new Start(link, false, false));
                    default:
                        LOG.warnf("Send command %s for envelope %s which is already %s at %s: ignored",
                                command.commandId(), command.envelopeId(), link.state, provider.name());
                        return inbox.markProcessed(consumer, command.commandId()).map(ignored -> (Start) null);
                }
            });
        });
    }

    private Uni<EnvelopeLink> create(SendEnvelope command, Instant now) {
        return links.persist(newLink(command, now));
    }

    private EnvelopeLink newLink(SendEnvelope command, Instant now) {
        String token = CallbackTokens.newToken();
        EnvelopeLink link = new EnvelopeLink();
        link.id = Ids.newId("lnk");
        link.provider = provider.name();
        link.envelopeId = command.envelopeId();
        link.tenantId = command.tenantId();
        link.mode = command.mode().name();
        link.state = LinkState.SENDING;
        link.callbackTokenHash = CallbackTokens.hash(token);
        link.callbackTokenSealed = linkReads.box().seal(token);
        link.callbackBaseUrl = command.callbackBaseUrl() != null && !command.callbackBaseUrl().isBlank()
                ? command.callbackBaseUrl() : config.callbackBaseUrl();
        link.documentName = command.documents().get(0).name();
        link.progress = "{}";
        link.recipients = "[]";
        link.createdAt = now;
        claim(link, command, now);
        return link;
    }

    private void claim(EnvelopeLink link, SendEnvelope command, Instant now) {
        link.sendCommandId = command.commandId();
        link.claimOwner = replica.id();
        link.claimedUntil = now.plus(config.claimLease());
        link.updatedAt = now;
    }

    private Uni<Void> run(SendEnvelope command, String consumer, EnvelopeLink link, boolean resumed) {
        LinkProgress progress = new LinkProgress(pool, link.id, replica.id(), config.claimLease(), linkReads.codec(),
                linkReads.box(), linkReads.codec().progress(link), resumed);
        String callbackUrl = linkReads.callbackUrl(link);
        long[] mark = {System.nanoTime()};
        return Multi.createFrom().iterable(command.documents())
                .onItem().transformToUniAndConcatenate(d -> documents.fetch(d)
                        .map(bytes -> new OutgoingEnvelope.DocumentBytes(d.documentId(), d.name(), bytes)))
                .collect().asList()
                .invoke(() -> mark[0] = stage("documents", mark[0]))
                .chain(docs -> provider.get().send(new OutgoingEnvelope(command, docs, callbackUrl), progress))
                .invoke(() -> mark[0] = stage("vendor", mark[0]))
                .onItemOrFailure().transformToUni((accepted, failure) -> {
                    if (failure == null) {
                        return accepted(command, consumer, link.id, accepted).invoke(() -> stage("record", mark[0]));
                    }
                    Optional<Failure> report = Failure.of(provider.name(), failure);
                    if (report.isEmpty()) {
                        return Uni.createFrom().failure(failure); // the consumer retries (database, lost claim)
                    }
                    LOG.infof("Send of %s to %s failed: %s", command.envelopeId(), provider.name(), report.get().reason());
                    if (report.get().code() == FailureCode.QUOTA_EXHAUSTED) {
                        capabilities.quotaExhausted();
                    }
                    return failed(command, consumer, link.id, report.get(), progress.values());
                });
    }

    private Uni<Void> accepted(SendEnvelope command, String consumer, String linkId, Accepted accepted) {
        Map<String, Accepted.Recipient> byId = new HashMap<>();
        accepted.recipients().forEach(r -> byId.put(r.recipientId(), r));
        List<RecipientLink> recipients = new ArrayList<>();
        List<ProviderAccepted.SignUrl> signUrls = new ArrayList<>();
        for (SendEnvelope.Recipient r : command.recipients()) {
            Accepted.Recipient a = byId.get(r.recipientId());
            recipients.add(new RecipientLink(r.recipientId(), a == null ? null : a.vendorRef(), RecipientState.PENDING));
            if (a != null && a.signUrl() != null) {
                signUrls.add(new ProviderAccepted.SignUrl(r.recipientId(), a.signUrl(), a.expiresAt()));
            }
        }
        long firstPollMs = linkReads.firstPoll(provider.get().features().callbacks()).toMillis();
        String recipientsJson = linkReads.codec().write(recipients);
        // Compare-and-set on the claim instead of a locked read: one statement, and a replica that lost its
        // claim (it took longer than the lease) cannot overwrite the one that took over.
        return Panache.withTransaction(() -> inbox.markProcessed(consumer, command.commandId()).chain(fresh -> {
            if (!fresh) {
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now();
            return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                            update envelope_link set state = 'ACCEPTED', external_id = ?1, recipients = ?2,
                                   claim_owner = null, claimed_until = null, poll_interval_ms = ?3,
                                   next_poll_at = now() + make_interval(secs => ?4), updated_at = now()
                            where id = ?5 and claim_owner = ?6 and state = 'SENDING'""")
                            .setParameter(1, accepted.externalId()).setParameter(2, recipientsJson)
                            .setParameter(3, firstPollMs).setParameter(4, firstPollMs / 1000.0)
                            .setParameter(5, linkId).setParameter(6, replica.id())
                            .executeUpdate())
                    .chain(updated -> {
                        if (updated != 1) {
                            throw new ClaimLost("Envelope " + command.envelopeId() + " was taken over while sending");
                        }
                        return events.append(new ProviderAccepted(command.envelopeId(), command.tenantId(),
                                provider.name(), accepted.externalId(), command.commandId(), now, signUrls));
                    });
        }));
    }

    private Uni<Void> failed(SendEnvelope command, String consumer, String linkId, Failure failure,
            Map<String, String> recorded) {
        return Panache.withTransaction(() -> links.lockById(linkId).chain(link -> {
            if (!replica.id().equals(link.claimOwner)) {
                throw new ClaimLost("Envelope " + command.envelopeId() + " was taken over while sending");
            }
            return inbox.markProcessed(consumer, command.commandId()).chain(fresh -> {
                if (!fresh) {
                    return Uni.createFrom().<VendorRef>nullItem();
                }
                VendorRef leftover = linkReads.ref(link);
                link.state = LinkState.FAILED;
                link.failureReason = failure.reason();
                link.claimOwner = null;
                link.claimedUntil = null;
                if (!failure.retryable()) {
                    // Refused: a new attempt starts from scratch; what this one left at the vendor is freed below.
                    link.progress = "{}";
                }
                link.updatedAt = Instant.now();
                return events.append(new ProviderFailed(command.envelopeId(), command.tenantId(), provider.name(),
                                link.externalId, command.commandId(), Instant.now(), failure.retryable(), failure.code(),
                                failure.reason(), failure.vendorCode()))
                        .map(ignored -> failure.retryable() || recorded.isEmpty() ? null : leftover);
            });
        })).chain(leftover -> leftover == null ? Uni.createFrom().voidItem()
                : provider.get().release(leftover).onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not free what the refused send of %s left at %s: %s", command.envelopeId(),
                            provider.name(), e.getMessage());
                    return null;
                }));
    }

    /**
     * Where a send's time goes ({@code signport.connector.send.stage}): fetching the PDFs, the adapter's vendor
     * calls with their recorded steps, recording the answer. Returns now, the start of the next stage.
     */
    private long stage(String stage, long since) {
        long now = System.nanoTime();
        Timer.builder("signport.connector.send.stage").description("Time spent in each stage of a send command")
                .tag("provider", provider.name()).tag("stage", stage).publishPercentiles(0.5, 0.99)
                .register(registry).record(now - since, TimeUnit.NANOSECONDS);
        return now;
    }

    /** A second send command for an envelope the vendor already accepted: answer it without calling the vendor. */
    private Uni<Void> answerAgain(SendEnvelope command, String consumer, EnvelopeLink link) {
        return Panache.withTransaction(() -> inbox.markProcessed(consumer, command.commandId()).chain(fresh -> !fresh
                ? Uni.createFrom().voidItem()
                : events.append(new ProviderAccepted(command.envelopeId(), command.tenantId(), provider.name(),
                        link.externalId, command.commandId(), Instant.now(), List.of()))));
    }
}
