package dev.signport.envelope.domain;

import dev.signport.contracts.Mode;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.envelope.config.EnvelopeConfig;
import dev.signport.envelope.messaging.EnvelopeEvents;
import dev.signport.envelope.messaging.ProviderCommands;
import dev.signport.envelope.store.AuditEntry;
import dev.signport.envelope.store.Envelope;
import dev.signport.envelope.store.EnvelopeRepository;
import dev.signport.envelope.store.KnownDocumentRepository;
import dev.signport.envelope.store.ProviderCapabilityRepository;
import dev.signport.envelope.store.TenantStore;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.id.Ids;
import dev.signport.platform.idempotency.Idempotency;
import dev.signport.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every change to an envelope: one transaction holding the envelope row locked, the lifecycle's decision, the row
 * written back, its outbox records (public events, provider commands) and its audit entries.
 */
@ApplicationScoped
public class EnvelopeService {

    private static final Logger LOG = Logger.getLogger(EnvelopeService.class);
    private static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(5);

    private final EnvelopeRepository envelopes;
    private final KnownDocumentRepository documents;
    private final ProviderCapabilityRepository capabilities;
    private final TenantStore tenants;
    private final Outbox outbox;
    private final Idempotency idempotency;
    private final EnvelopeConfig config;
    private final MeterRegistry metrics;

    public EnvelopeService(EnvelopeRepository envelopes, KnownDocumentRepository documents,
            ProviderCapabilityRepository capabilities, TenantStore tenants, Outbox outbox, Idempotency idempotency,
            EnvelopeConfig config, MeterRegistry metrics) {
        this.envelopes = envelopes;
        this.documents = documents;
        this.capabilities = capabilities;
        this.tenants = tenants;
        this.outbox = outbox;
        this.idempotency = idempotency;
        this.config = config;
        this.metrics = metrics;
    }

    /** Who caused a change, for the audit trail. */
    public record Actor(String name, String ip, String userAgent) {

        public static Actor system(String name) {
            return new Actor(name, null, null);
        }
    }

    /** A validated draft, as the API turned a request into it. */
    public record DraftInput(String subject, String message, List<String> documentIds, List<Recipient> recipients,
            dev.signport.contracts.envelope.SigningOrder signingOrder, String provider, List<String> fallbackProviders,
            SignatureLevel signatureLevel, Instant expiresAt, Reminders reminders, Map<String, String> metadata) {
    }

    // --- create, update, delete ------------------------------------------------------------------

    public Uni<Envelope> create(String tenantId, Mode mode, DraftInput in, Actor actor,
            Function<Envelope, Response> response) {
        Instant now = Instant.now();
        return checkDraft(tenantId, mode, in, now).chain(() -> Panache.withTransaction(() -> {
            Envelope e = new Envelope();
            e.id = Ids.newId("env");
            e.tenantId = tenantId;
            e.mode = mode;
            e.status = EnvelopeStatus.DRAFT;
            e.createdAt = now;
            e.updatedAt = now;
            e.providerChain = List.of();
            e.attempt = 0;
            fill(e, in);
            return envelopes.persist(e)
                    .call(() -> outbox.append(EnvelopeEvents.outbox(EnvelopeEvents.created(e))))
                    .call(() -> audit(e, now, "envelope.created", actor, e.documentIds.size() + " document(s), "
                            + e.recipients.size() + " recipient(s)"))
                    .call(() -> idempotency.recordInTransaction(response.apply(e)));
        }));
    }

    public Uni<Envelope> update(String tenantId, Mode mode, String id, Function<DraftInput, DraftInput> patch,
            Actor actor) {
        Instant now = Instant.now();
        // Read, check the merged draft (which may wait for a new document's event) outside any transaction, then
        // write under the lock only if the draft did not change meanwhile.
        return Panache.withSession(() -> envelopes.getForTenant(tenantId, id)).chain(current -> {
            requireDraft(current);
            DraftInput merged = patch.apply(draftOf(current));
            Instant seen = current.updatedAt;
            return checkDraft(tenantId, mode, merged, now).chain(() -> Panache.withTransaction(() ->
                    envelopes.lockForTenant(tenantId, id).call(e -> {
                        requireDraft(e);
                        if (!e.updatedAt.equals(seen)) {
                            throw ProblemException.conflict("Envelope " + id + " changed meanwhile; read it and retry");
                        }
                        fill(e, merged);
                        e.updatedAt = now;
                        return outbox.append(EnvelopeEvents.outbox(EnvelopeEvents.updated(e)))
                                .call(() -> audit(e, now, "envelope.updated", actor, null));
                    })));
        });
    }

    /** DELETE: a DRAFT is deleted (envelope.deleted); an envelope in flight is cancelled at its provider. */
    public Uni<Envelope> delete(String tenantId, String id, Actor actor) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> envelopes.lockForTenant(tenantId, id).call(e -> {
            if (e.deletedAt != null) {
                throw ProblemException.notFound("Envelope", id);
            }
            if (e.status == EnvelopeStatus.DRAFT) {
                e.deletedAt = now;
                e.updatedAt = now;
                return outbox.append(EnvelopeEvents.outbox(EnvelopeEvents.deleted(e, now)))
                        .call(() -> audit(e, now, "envelope.deleted", actor, null));
            }
            return decideAndApply(e, new Lifecycle.Cancel("Cancelled through the API", now), actor, now, true);
        }));
    }

    // --- send ------------------------------------------------------------------------------------

    public Uni<Envelope> send(String tenantId, String id, Actor actor) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> envelopes.lockForTenant(tenantId, id).call(e -> {
            if (e.deletedAt != null) {
                throw ProblemException.notFound("Envelope", id);
            }
            if (e.status != EnvelopeStatus.DRAFT) {
                throw ProblemException.conflict("Envelope " + id + " is " + e.status + "; only a DRAFT can be sent");
            }
            if (e.expiresAt != null && !e.expiresAt.isAfter(now)) {
                throw ProblemException.unprocessable("expiresAt has passed; PATCH the draft with a later one");
            }
            // One query after the other: a Hibernate Reactive session never runs two at once.
            return documents.forTenant(tenantId, e.documentIds)
                    .chain(docs -> tenants.settings(tenantId).chain(settings -> capabilities.all().chain(caps -> {
                        EnvelopeRules.Draft draft = rulesDraft(e);
                        List<String> problems = new ArrayList<>(EnvelopeRules.checkDraft(draft, docs, now));
                        List<String> chain = problems.isEmpty()
                                ? chain(e, settings, draft, docs, caps, problems) : List.of();
                        if (!problems.isEmpty()) {
                            throw ProblemException.unprocessable(String.join("; ", problems));
                        }
                        e.signatureLevel = level(e.signatureLevel, settings);
                        if (e.reminders == null) {
                            e.reminders = settings.reminders();
                        }
                        return decideAndApply(e, new Lifecycle.Send(chain, now), actor, now, true);
                    })));
        }));
    }

    /**
     * The providers to try, in order: the envelope's (or the tenant's default for the key's mode), then its
     * fallbacks (or the tenant's) that can do the envelope. A primary that cannot is a 422 naming why; an
     * unavailable primary with available fallbacks starts at the first available one.
     */
    private List<String> chain(Envelope e, TenantSettings settings, EnvelopeRules.Draft draft,
            Map<String, EnvelopeRules.Doc> docs, Map<String, ProviderCapabilities> caps, List<String> problems) {
        String primary = e.requestedProvider != null ? e.requestedProvider : defaultProvider(e.mode, settings);
        if (primary == null) {
            problems.add("provider: none given and the tenant has no default provider for " + e.mode
                    + " keys (PATCH /api/v1/settings defaultProviders)");
            return List.of();
        }
        SignatureLevel level = level(e.signatureLevel, settings);
        Set<String> candidates = new LinkedHashSet<>();
        candidates.add(primary);
        candidates.addAll(e.fallbackProviders.isEmpty() ? settings.fallbackProviders() : e.fallbackProviders);
        List<String> usable = new ArrayList<>();
        List<String> primaryProblems = new ArrayList<>();
        for (String p : candidates) {
            List<String> why = providerProblems(p, settings, draft, docs, caps.get(p), level);
            if (why.isEmpty()) {
                usable.add(p);
            } else if (p.equals(primary)) {
                primaryProblems.addAll(why);
            }
        }
        boolean onlyUnavailable = caps.get(primary) != null && !caps.get(primary).available()
                && primaryProblems.size() == 1;
        if (!primaryProblems.isEmpty() && !(onlyUnavailable && !usable.isEmpty())) {
            problems.addAll(primaryProblems);
            return List.of();
        }
        return usable;
    }

    private List<String> providerProblems(String p, TenantSettings settings, EnvelopeRules.Draft draft,
            Map<String, EnvelopeRules.Doc> docs, ProviderCapabilities caps, SignatureLevel level) {
        if (!config.providers().contains(p)) {
            return List.of("provider: unknown provider '" + p + "' (known: " + String.join(", ", config.providers())
                    + ")");
        }
        if (!settings.allows(p)) {
            return List.of("provider: " + p + " is not among this tenant's allowedProviders");
        }
        return EnvelopeRules.checkProvider(p, draft, docs, caps, level);
    }

    private String defaultProvider(Mode mode, TenantSettings settings) {
        String chosen = settings.defaultProvider(mode);
        if (chosen != null) {
            return chosen;
        }
        return mode == Mode.TEST ? config.defaultTestProvider() : config.defaultLiveProvider().orElse(null);
    }

    private SignatureLevel level(SignatureLevel requested, TenantSettings settings) {
        if (requested != null) {
            return requested;
        }
        return settings.defaultSignatureLevel() != null ? settings.defaultSignatureLevel()
                : SignatureLevel.valueOf(config.defaultSignatureLevel());
    }

    // --- provider events and timers --------------------------------------------------------------

    /**
     * Applies what a provider reported, in the caller's transaction (the inbox's). An unknown envelope or one of
     * another tenant is ignored: the event cannot belong to this installation's state.
     */
    public Uni<Void> onProviderInput(String envelopeId, String tenantId, Lifecycle.Input input,
            java.util.function.Consumer<Envelope> before) {
        return envelopes.lockAnyTenant(envelopeId).chain(e -> {
            if (e == null || !e.tenantId.equals(tenantId) || e.deletedAt != null) {
                LOG.warnf("Provider event for unknown envelope %s ignored", envelopeId);
                metrics.counter("signport_envelope_provider_events_ignored_total", "reason", "unknown_envelope")
                        .increment();
                return Uni.createFrom().voidItem();
            }
            before.accept(e);
            return decideAndApply(e, input, Actor.system("provider " + providerOf(input, e)), input.at(), false)
                    .replaceWithVoid();
        });
    }

    /** A timer fired for the envelope: re-checked under the lock, as another replica may have handled it. */
    public Uni<Void> onTimer(String envelopeId, Function<Envelope, Lifecycle.Input> inputIfStillDue) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> envelopes.lockAnyTenant(envelopeId).chain(e -> {
            if (e == null || e.deletedAt != null) {
                return Uni.createFrom().voidItem();
            }
            Lifecycle.Input input = inputIfStillDue.apply(e);
            if (input == null) {
                return Uni.createFrom().voidItem();
            }
            return decideAndApply(e, input, Actor.system("scheduler"), now, false).replaceWithVoid();
        }));
    }

    /** Sends the SendEnvelope again after a retryable failure (new command id: the last one is done). */
    public Uni<Void> resend(String envelopeId) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> envelopes.lockAnyTenant(envelopeId).chain(e -> {
            if (e == null || e.status != EnvelopeStatus.SENDING || e.retryAt == null || e.retryAt.isAfter(now)) {
                return Uni.createFrom().voidItem();
            }
            e.retryAt = null;
            e.updatedAt = now;
            return sendCommand(e, e.provider, now).call(() -> audit(e, now, "envelope.send_retried",
                    Actor.system("scheduler"), "attempt " + (e.sendRetries + 1) + " at " + e.provider));
        }));
    }

    private static String providerOf(Lifecycle.Input input, Envelope e) {
        return e.provider == null ? "?" : e.provider;
    }

    // --- applying a decision ---------------------------------------------------------------------

    private Uni<Envelope> decideAndApply(Envelope e, Lifecycle.Input input, Actor actor, Instant now,
            boolean fromApi) {
        EnvelopeStatus before = e.status;
        Lifecycle.Decision d = Lifecycle.decide(e.state(), input);
        if (d.rejected()) {
            if (fromApi) {
                throw ProblemException.conflict("Envelope " + e.id + ": " + d.rejectedBecause());
            }
            LOG.debugf("Envelope %s: %s refused: %s", e.id, input.getClass().getSimpleName(), d.rejectedBecause());
            return Uni.createFrom().item(e);
        }
        if (d.ignored()) {
            // Duplicates and late events are normal with at-least-once delivery: counted, not logged as errors.
            metrics.counter("signport_envelope_provider_events_ignored_total", "reason", "no_transition").increment();
            LOG.debugf("Envelope %s: %s ignored: %s", e.id, input.getClass().getSimpleName(), d.ignoredBecause());
            return Uni.createFrom().item(e);
        }
        e.apply(d.state(), now);
        timers(e, before, now);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Lifecycle.Effect effect : d.effects()) {
            chain = chain.chain(() -> effect(e, effect, actor, now));
        }
        return chain.replaceWith(e);
    }

    private void timers(Envelope e, EnvelopeStatus before, Instant now) {
        if (e.status == EnvelopeStatus.SENDING && before != EnvelopeStatus.SENDING) {
            e.sendDeadlineAt = now.plus(config.sendDeadline());
            e.retryAt = null;
            e.sendRetries = 0;
        }
        if (e.status == EnvelopeStatus.SENT && before == EnvelopeStatus.SENDING) {
            e.sentAt = now;
            e.sendDeadlineAt = null;
            e.retryAt = null;
            e.nextReminderAt = e.reminders == null ? null : e.reminders.next(now, e.remindersSent);
        }
        if (e.status.isTerminal()) {
            e.sendDeadlineAt = null;
            e.retryAt = null;
            e.nextReminderAt = null;
            if (e.status == EnvelopeStatus.COMPLETED) {
                e.completedAt = now;
            }
        }
    }

    private Uni<Void> effect(Envelope e, Lifecycle.Effect effect, Actor actor, Instant now) {
        if (effect instanceof Lifecycle.Emit emit) {
            return outbox.append(EnvelopeEvents.outbox(EnvelopeEvents.of(e, emit, now)))
                    .chain(() -> audit(e, now, emit.type(), actor, detail(e, emit)));
        }
        if (effect instanceof Lifecycle.SendCommand send) {
            return sendCommand(e, send.provider(), now)
                    .chain(() -> audit(e, now, "envelope.send_requested", actor, "to " + send.provider()));
        }
        if (effect instanceof Lifecycle.CancelCommand cancel) {
            return outbox.append(ProviderCommands.outbox(cancel.provider(),
                    ProviderCommands.cancel(e, cancel.externalId(), cancel.reason(), now))).replaceWithVoid();
        }
        if (effect instanceof Lifecycle.RemindCommand remind) {
            return capabilities.findById(remind.provider()).chain(c -> {
                if (c == null || !c.capabilities.reminders()) {
                    LOG.infof("Envelope %s: %s sends no reminders; recipients are not reminded", e.id,
                            remind.provider());
                    return Uni.createFrom().voidItem();
                }
                return outbox.append(ProviderCommands.outbox(remind.provider(),
                        ProviderCommands.remind(e, remind.recipientIds(), now))).replaceWithVoid();
            });
        }
        if (effect instanceof Lifecycle.ProviderChanged changed) {
            e.sendDeadlineAt = now.plus(config.sendDeadline());
            e.retryAt = null;
            e.sendRetries = 0;
            metrics.counter("signport_envelope_failovers_total", "from", changed.previous(), "to", changed.next())
                    .increment();
            return outbox.append(EnvelopeEvents.outbox(EnvelopeEvents.providerChanged(e, changed, now)))
                    .chain(() -> audit(e, now, "envelope.provider_changed", actor, changed.previous() + " -> "
                            + changed.next() + ": " + changed.reason()));
        }
        if (effect instanceof Lifecycle.RetrySendLater retry) {
            long factor = 1L << Math.min(e.sendRetries, 16);
            Duration backoff = config.sendRetryBackoff().multipliedBy(factor);
            e.retryAt = now.plus(backoff.compareTo(MAX_RETRY_BACKOFF) > 0 ? MAX_RETRY_BACKOFF : backoff);
            e.sendRetries++;
            return audit(e, now, "provider.failed", actor, "retryable (" + retry.code() + "): " + retry.reason()
                    + "; sending again at " + e.retryAt);
        }
        if (effect instanceof Lifecycle.Failure failure) {
            e.failureCode = failure.code();
            e.failureReason = failure.reason();
            return Uni.createFrom().voidItem();
        }
        throw new IllegalStateException("Unhandled effect " + effect);
    }

    private Uni<Void> sendCommand(Envelope e, String provider, Instant now) {
        return documents.forTenant(e.tenantId, e.documentIds).chain(docs -> tenants.settings(e.tenantId)
                .chain(settings -> {
                    var command = ProviderCommands.send(e, docs, level(e.signatureLevel, settings), locale(e),
                            config.callbackBaseUrl().orElse(null), settings.vendorAccounts().get(provider), now);
                    e.sendCommandId = command.commandId();
                    return outbox.append(ProviderCommands.outbox(provider, command)).replaceWithVoid();
                }));
    }

    private String locale(Envelope e) {
        String fromMetadata = e.metadata.get("locale");
        return fromMetadata != null ? fromMetadata : config.defaultLocale().orElse(null);
    }

    private static String detail(Envelope e, Lifecycle.Emit emit) {
        StringBuilder b = new StringBuilder();
        if (emit.recipientId() != null) {
            e.recipients.stream().filter(r -> r.id().equals(emit.recipientId())).findFirst()
                    .ifPresent(r -> b.append(r.name()).append(" <").append(r.email()).append('>'));
        }
        if (emit.reminder()) {
            b.append(" (reminder)");
        }
        if (emit.code() != null) {
            b.append(b.length() > 0 ? "; " : "").append(emit.code());
        }
        if (emit.reason() != null) {
            b.append(b.length() > 0 ? "; " : "").append(emit.reason());
        }
        if (Lifecycle.ENVELOPE_SENT.equals(emit.type())) {
            b.append("at ").append(e.provider);
        }
        return b.length() == 0 ? null : b.toString().trim();
    }

    Uni<Void> audit(Envelope e, Instant at, String event, Actor actor, String detail) {
        return AuditEntry.of(e.id, e.tenantId, at, event, actor.name(), actor.ip(), actor.userAgent(), detail)
                .persist().replaceWithVoid();
    }

    // --- drafts ----------------------------------------------------------------------------------

    private Uni<Void> checkDraft(String tenantId, Mode mode, DraftInput in, Instant now) {
        return awaitDocuments(tenantId, in.documentIds(), now.plus(config.documentWait())).chain(docs -> {
            EnvelopeRules.Draft draft = new EnvelopeRules.Draft(in.documentIds(), in.recipients(), in.signingOrder(),
                    in.signatureLevel(), in.expiresAt(), in.metadata());
            List<String> problems = new ArrayList<>(EnvelopeRules.checkDraft(draft, docs, now));
            Uni<Void> providerCheck = Uni.createFrom().voidItem();
            if (in.provider() != null || !in.fallbackProviders().isEmpty()) {
                providerCheck = Panache.withSession(() -> tenants.settings(tenantId)
                        .chain(settings -> capabilities.all().map(caps -> Map.entry(settings, caps)))).invoke(t -> {
                            List<String> named = new ArrayList<>();
                            if (in.provider() != null) {
                                named.add(in.provider());
                            }
                            named.addAll(in.fallbackProviders());
                            for (String p : named) {
                                // Only what a provider can never do is refused now; availability is judged at send.
                                providerProblems(p, t.getKey(), draft, docs, t.getValue().get(p),
                                        in.signatureLevel()).stream()
                                        .filter(x -> !x.contains(" is not available"))
                                        .forEach(problems::add);
                            }
                        }).replaceWithVoid();
            }
            return providerCheck.invoke(() -> {
                if (!problems.isEmpty()) {
                    throw ProblemException.unprocessable(String.join("; ", problems));
                }
            });
        });
    }

    /**
     * The documents as known from their events; a document not known yet is waited for until {@code until}: the
     * client may have uploaded it a moment ago and its event be still on its way.
     */
    private Uni<Map<String, EnvelopeRules.Doc>> awaitDocuments(String tenantId, List<String> ids, Instant until) {
        return Panache.withSession(() -> documents.forTenant(tenantId, ids)).chain(found -> {
            if (found.keySet().containsAll(ids) || !Instant.now().isBefore(until)) {
                return Uni.createFrom().item(found);
            }
            return Delays.sleep(Duration.ofMillis(50)).chain(() -> awaitDocuments(tenantId, ids, until));
        });
    }

    private static void requireDraft(Envelope e) {
        if (e.deletedAt != null) {
            throw ProblemException.notFound("Envelope", e.id);
        }
        if (e.status != EnvelopeStatus.DRAFT) {
            throw ProblemException.conflict("Envelope " + e.id + " is " + e.status + "; only a DRAFT can be changed");
        }
    }

    private static void fill(Envelope e, DraftInput in) {
        e.subject = in.subject();
        e.message = in.message();
        e.documentIds = List.copyOf(in.documentIds());
        e.recipients = List.copyOf(in.recipients());
        e.signingOrder = in.signingOrder();
        e.requestedProvider = in.provider() == null ? null : in.provider().toLowerCase(Locale.ROOT);
        e.fallbackProviders = List.copyOf(in.fallbackProviders());
        e.signatureLevel = in.signatureLevel();
        e.expiresAt = in.expiresAt();
        e.reminders = in.reminders();
        e.metadata = in.metadata();
    }

    public static DraftInput draftOf(Envelope e) {
        return new DraftInput(e.subject, e.message, e.documentIds, e.recipients, e.signingOrder, e.requestedProvider,
                e.fallbackProviders, e.signatureLevel, e.expiresAt, e.reminders, e.metadata);
    }

    private static EnvelopeRules.Draft rulesDraft(Envelope e) {
        return new EnvelopeRules.Draft(e.documentIds, e.recipients, e.signingOrder, e.signatureLevel, e.expiresAt,
                e.metadata);
    }
}
