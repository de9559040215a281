package dev.signport.webhook.delivery;

import dev.signport.webhook.config.WebhookConfig;
import dev.signport.webhook.domain.AttemptResult;
import dev.signport.webhook.domain.SecretBox;
import dev.signport.webhook.domain.Signatures;
import dev.signport.webhook.store.DeliveryStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The workers of this replica. Deliveries reach them two ways, both under a lease ({@code claimed_until}, fenced by
 * {@code claim_owner}) so that a replica that dies has its rows retaken when the lease runs out:
 * <ul>
 * <li>born claimed: the consumer's transaction stores a new delivery already claimed by this replica when it has
 * room for it ({@link #reserve()}), and hands it over after the commit: no claim query on the hot path;</li>
 * <li>claimed: everything else that is due (retries, deliveries another replica stored, overflow) is claimed
 * with {@link DeliveryStore#claim} ({@code FOR UPDATE SKIP LOCKED}), on a poll and when woken.</li>
 * </ul>
 * They are sent with at most {@code max-in-flight} requests at once and at most {@code per-endpoint-concurrency}
 * per endpoint; each outcome goes to the {@link ResultRecorder}.
 *
 * <p>No head-of-line blocking: every endpoint has its own lane (claimed rows queued and in flight). A lane holding
 * its cap or more is left out of claims, a lane holding four times its cap takes no born-claimed rows (they stay
 * in the table for later), and free slots are handed to lanes in turn. A dead endpoint therefore holds at most its cap of
 * slots, each for at most the timeout, and a bounded queue, while deliveries to the others flow as they come.
 * Sending and bookkeeping run on one Vert.x event-loop context; the lanes' counts, which the consumer reads to
 * reserve, change only inside {@link ConcurrentHashMap#compute}.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    private static final Logger LOG = Logger.getLogger(DeliveryDispatcher.class);
    /** A claim must still have this much lease after a whole attempt, or it is released unsent. */
    private static final long LEASE_SAFETY_NANOS = Duration.ofSeconds(2).toNanos();
    private static final Duration FAILURE_LOG_INTERVAL = Duration.ofSeconds(30);
    /**
     * A lane takes born-claimed rows while it holds fewer than this many times its cap: a poll's worth of events
     * for a busy endpoint, yet little for a dead one to hold (its rows wait in the table, not here).
     */
    private static final int BORN_CLAIMED_PER_LANE = 4;

    /** A claimed delivery waiting for, or in, its attempt. */
    record Job(DeliveryStore.Claimed delivery, long leaseDeadlineNanos) {
    }

    /** One endpoint's share of this replica. */
    private static final class Lane {
        final String webhookId;
        /** Claimed rows of this endpoint here: queued, in flight, or being stored born claimed. */
        volatile int load;
        // The rest is touched on the dispatcher's context only.
        final ArrayDeque<Job> queue = new ArrayDeque<>();
        int inFlight;
        boolean ready;
        /** Due rows of this endpoint may be waiting unclaimed (left out of a claim, or not taken born claimed). */
        volatile boolean starved;

        Lane(String webhookId) {
            this.webhookId = webhookId;
        }
    }

    private final Vertx vertx;
    private final DeliveryStore store;
    private final WebhookSender sender;
    private final ResultRecorder recorder;
    private final SecretBox secrets;
    private final WebhookConfig.Delivery config;
    private final boolean enabled;
    private final int maxInFlight;
    private final int perEndpoint;
    private final int maxClaimed;
    private final long timeoutNanos;
    private final boolean bornClaimed;

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger claimed = new AtomicInteger();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private final AtomicInteger inFlightGauge = new AtomicInteger();
    private volatile Context context;
    private int inFlight;
    private boolean claiming;
    /** Something may be due that is not claimed yet: set by a poll, a wake-up, a full claim, a starved lane. */
    private boolean wanted = true;
    private long pollTimer = -1;
    private volatile boolean stopped;
    private long lastFailureLog;
    private volatile Predicate<DeliveryStore.Claimed> crashAfterSend = d -> false;
    private final io.micrometer.core.instrument.Counter bornClaimedTaken;
    private final io.micrometer.core.instrument.Counter bornClaimedRefused;
    private final io.micrometer.core.instrument.Counter claimedRows;
    private final io.micrometer.core.instrument.Counter released;

    public DeliveryDispatcher(Vertx vertx, DeliveryStore store, WebhookSender sender, ResultRecorder recorder,
            SecretBox secrets, WebhookConfig config, MeterRegistry metrics) {
        this.vertx = vertx;
        this.store = store;
        this.sender = sender;
        this.recorder = recorder;
        this.secrets = secrets;
        this.config = config.delivery();
        this.enabled = this.config.enabled();
        this.maxInFlight = this.config.maxInFlight();
        this.perEndpoint = this.config.perEndpointConcurrency();
        // Claimed but unsent rows wait in lanes: enough to keep every slot fed, few enough not to hoard rows
        // (a body is a few KB at most).
        this.maxClaimed = maxInFlight * 4;
        this.timeoutNanos = this.config.timeout().toNanos();
        // A delivery whose first attempt is scheduled later than "now" is left for the claim query.
        this.bornClaimed = this.config.schedule().get(0).isZero();
        if (this.config.lease().toNanos() < timeoutNanos + LEASE_SAFETY_NANOS) {
            throw new IllegalStateException("signport.webhooks.delivery.lease must exceed the timeout by at least 2 s");
        }
        metrics.gauge("signport_webhook_deliveries_in_flight", inFlightGauge);
        metrics.gauge("signport_webhook_deliveries_claimed", claimed);
        // How deliveries reach the workers: born claimed by the consumer, or claimed later (refused: no room then).
        bornClaimedTaken = metrics.counter("signport_webhook_claims_total", "how", "born_claimed");
        bornClaimedRefused = metrics.counter("signport_webhook_claims_total", "how", "born_unclaimed");
        claimedRows = metrics.counter("signport_webhook_claims_total", "how", "claimed");
        released = metrics.counter("signport_webhook_claims_total", "how", "released_unsent");
    }

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            LOG.info("Webhook deliveries are disabled on this replica (signport.webhooks.delivery.enabled=false)");
            return;
        }
        Context ctx = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        ctx.runOnContext(v -> {
            pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), t -> {
                wanted = true;
                claimIfIdle();
            });
            claimIfIdle();
        });
        context = ctx;
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
        Context ctx = context;
        if (ctx == null) {
            return;
        }
        // Give unsent claims back so another replica takes them now rather than after the lease; what is in
        // flight finishes or is retaken after its lease (at least once, never lost).
        CompletableFuture<Void> released = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            vertx.cancelTimer(pollTimer);
            List<Job> unsent = new ArrayList<>();
            lanes.values().forEach(l -> {
                unsent.addAll(l.queue);
                l.queue.clear();
            });
            release(unsent).onComplete(ar -> released.complete(null));
        });
        try {
            released.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("Unsent webhook claims not released at shutdown (they are retaken after the lease): %s",
                    e.toString());
        }
    }

    /**
     * Fault injection for tests, "the process died after sending, before recording": when {@code crash} answers
     * true for a delivery, the outcome of that attempt is thrown away as a crash would lose it; the claim then
     * runs out and the delivery is sent again (same webhook-id). Null restores normal operation.
     */
    public void onAttemptFinished(Predicate<DeliveryStore.Claimed> crash) {
        crashAfterSend = crash == null ? d -> false : crash;
    }

    /** Due deliveries were committed without a claim: look for them now rather than at the next poll. */
    public void wake() {
        Context ctx = context;
        if (ctx == null || stopped) {
            return;
        }
        ctx.runOnContext(v -> {
            wanted = true;
            claimIfIdle();
        });
    }

    // --- born claimed ------------------------------------------------------------------------------------------

    /** Room this replica sets aside for the deliveries one consumer transaction stores. Any thread. */
    public Reservation reserve() {
        return new Reservation();
    }

    /**
     * Deliveries a consumer transaction may store already claimed by this replica. {@link #tryReserve} in the
     * transaction; {@link #committed} with what was stored once it committed, or {@link #failed} if it did not.
     */
    public final class Reservation implements DeliveryStore.Adoption {
        private final UUID owner = UUID.randomUUID();
        /** Taken before the transaction starts, so the lease it writes can only end later than this thinks. */
        private final long leaseDeadlineNanos = System.nanoTime() + config.lease().toNanos() - LEASE_SAFETY_NANOS;
        private final List<String> reserved = new ArrayList<>();

        @Override
        public UUID owner() {
            return owner;
        }

        @Override
        public Duration lease() {
            return config.lease();
        }

        /** Whether the next delivery to {@code webhookId} may be stored claimed by this replica. */
        @Override
        public boolean tryReserve(String webhookId) {
            if (!bornClaimed || stopped || context == null || !load(webhookId, BORN_CLAIMED_PER_LANE * perEndpoint,
                    false)) {
                bornClaimedRefused.increment();
                return false;
            }
            reserved.add(webhookId);
            return true;
        }

        /** The transaction committed: {@code stored} (reserved and inserted) are sent; the rest is given back. */
        public void committed(List<DeliveryStore.Claimed> stored) {
            Map<String, Integer> unused = new HashMap<>();
            reserved.forEach(w -> unused.merge(w, 1, Integer::sum));
            stored.forEach(d -> unused.merge(d.webhookId(), -1, Integer::sum));
            unused.forEach((w, n) -> {
                for (int i = 0; i < n; i++) {
                    unload(w);
                }
            });
            reserved.clear();
            bornClaimedTaken.increment(stored.size());
            Context ctx = context;
            if (ctx == null) {
                return;
            }
            ctx.runOnContext(v -> {
                for (DeliveryStore.Claimed d : stored) {
                    Lane lane = lanes.get(d.webhookId());
                    lane.queue.add(new Job(d, leaseDeadlineNanos));
                    markReady(lane);
                }
                // Rows it could not take wait in the table: their lanes are marked starved and claim them as soon
                // as they have room (claiming at once would find them still full).
                pump();
                claimIfIdle();
            });
        }

        public void failed() {
            reserved.forEach(DeliveryDispatcher.this::unload);
            reserved.clear();
        }
    }

    /**
     * Counts one more claimed row for the endpoint, unless it holds {@code limit} already or the replica is full;
     * {@code force} counts it whatever (a row the claim query already took).
     */
    private boolean load(String webhookId, int limit, boolean force) {
        if (claimed.incrementAndGet() > maxClaimed && !force) {
            claimed.decrementAndGet();
            Lane lane = lanes.get(webhookId);
            if (lane != null) {
                lane.starved = true;
            }
            return false;
        }
        boolean[] taken = {false};
        lanes.compute(webhookId, (k, lane) -> {
            Lane l = lane == null ? new Lane(k) : lane;
            if (force || l.load < limit) {
                l.load++;
                taken[0] = true;
            } else {
                l.starved = true;
            }
            return l.load == 0 ? null : l;
        });
        if (!taken[0]) {
            claimed.decrementAndGet();
        }
        return taken[0];
    }

    /** One claimed row of the endpoint is done with (sent, released, or never stored). */
    private void unload(String webhookId) {
        lanes.computeIfPresent(webhookId, (k, l) -> --l.load == 0 ? null : l);
        claimed.decrementAndGet();
    }

    // --- claimed -----------------------------------------------------------------------------------------------

    private void claimIfIdle() {
        if (stopped || claiming || !wanted) {
            return;
        }
        int room = Math.min(config.claimBatch(), maxClaimed - claimed.get());
        if (room <= 0) {
            return;
        }
        // A lane that holds its cap already gets nothing more from a claim: that is what keeps a slow endpoint
        // from filling this replica with its backlog.
        List<String> busyLanes = new ArrayList<>();
        lanes.values().forEach(l -> {
            if (l.load >= perEndpoint) {
                l.starved = true;
                busyLanes.add(l.webhookId);
            }
        });
        claiming = true;
        wanted = false;
        long leaseDeadline = System.nanoTime() + config.lease().toNanos() - LEASE_SAFETY_NANOS;
        int perLane = 2 * perEndpoint;
        store.claim(UUID.randomUUID(), config.lease(), perLane, busyLanes.toArray(String[]::new), room)
                .subscribe().with(rows -> context.runOnContext(v -> {
                    claiming = false;
                    claimedRows.increment(rows.size());
                    Map<String, Integer> perWebhook = new HashMap<>();
                    for (DeliveryStore.Claimed r : rows) {
                        // The claim query kept within the cap; count the rows whatever the lane holds by now.
                        load(r.webhookId(), perEndpoint, true);
                        Lane lane = lanes.get(r.webhookId());
                        lane.queue.add(new Job(r, leaseDeadline));
                        markReady(lane);
                        if (perWebhook.merge(r.webhookId(), 1, Integer::sum) == perLane) {
                            // It got all one claim gives a lane: more of it is probably due.
                            lane.starved = true;
                        }
                    }
                    if (rows.size() == room) {
                        // A full batch: more is probably due.
                        wanted = true;
                    }
                    pump();
                    claimIfIdle();
                }), e -> context.runOnContext(v -> {
                    claiming = false;
                    logFailure("claiming deliveries", e);
                }));
    }

    // --- sending -----------------------------------------------------------------------------------------------

    private void markReady(Lane lane) {
        if (!lane.ready && !lane.queue.isEmpty() && lane.inFlight < perEndpoint) {
            lane.ready = true;
            ready.add(lane);
        }
    }

    /** Hands free slots to lanes with waiting rows, one row per lane in turn. */
    private void pump() {
        List<Job> expired = null;
        while (inFlight < maxInFlight && !ready.isEmpty()) {
            Lane lane = ready.poll();
            lane.ready = false;
            Job job = lane.queue.poll();
            if (job == null) {
                continue;
            }
            if (System.nanoTime() + timeoutNanos > job.leaseDeadlineNanos()) {
                // Waited so long that an attempt could outlive the claim: give it back instead of risking
                // two replicas sending it at once.
                (expired == null ? expired = new ArrayList<>() : expired).add(job);
            } else {
                lane.inFlight++;
                inFlight++;
                inFlightGauge.set(inFlight);
                attempt(lane, job);
            }
            if (lane.queue.isEmpty()) {
                if (lane.starved) {
                    // It has sent all it held and rows of it may wait unclaimed: the next claim may take them.
                    lane.starved = false;
                    wanted = true;
                }
            } else {
                markReady(lane);
            }
        }
        if (expired != null) {
            released.increment(expired.size());
            release(expired);
            expired.forEach(j -> unload(j.delivery().webhookId()));
            wanted = true;
        }
    }

    private void attempt(Lane lane, Job job) {
        DeliveryStore.Claimed d = job.delivery();
        WebhookSender.Message message;
        try {
            message = new WebhookSender.Message(d.url(), d.messageId(), d.body(), keys(d));
        } catch (RuntimeException e) {
            // A secret that does not open (the sealing key changed): a failed attempt, visible in the log.
            finished(lane, job, AttemptResult.noResponse(Instant.now(), 0, "signing secret unreadable"));
            return;
        }
        sender.send(message).onComplete(ar -> context.runOnContext(v -> finished(lane, job, ar.succeeded()
                ? ar.result() : AttemptResult.noResponse(Instant.now(), 0, "internal: " + ar.cause()))));
    }

    private void finished(Lane lane, Job job, AttemptResult result) {
        lane.inFlight--;
        inFlight--;
        inFlightGauge.set(inFlight);
        if (!crashAfterSend.test(job.delivery())) {
            recorder.record(job.delivery(), result);
        }
        unload(lane.webhookId);
        if (lane.starved && lane.queue.isEmpty()) {
            // A slot of an endpoint with rows waiting unclaimed came free: claim them.
            lane.starved = false;
            wanted = true;
        }
        markReady(lane);
        pump();
        claimIfIdle();
    }

    private List<byte[]> keys(DeliveryStore.Claimed d) {
        byte[] current = Signatures.keyOf(secrets.open(d.webhookId(), d.secret()));
        if (d.previousSecret() != null && d.previousSecretExpiresAt() != null
                && d.previousSecretExpiresAt().isAfter(Instant.now())) {
            return List.of(current, Signatures.keyOf(secrets.open(d.webhookId(), d.previousSecret())));
        }
        return List.of(current);
    }

    private Future<Void> release(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        store.release(jobs.stream().map(j -> j.delivery().id()).toList(),
                        jobs.stream().map(j -> j.delivery().owner()).toList())
                .subscribe().with(x -> done.complete(), e -> {
                    logFailure("releasing claims (they are retaken after the lease)", e);
                    done.complete();
                });
        return done.future();
    }

    private void logFailure(String what, Throwable e) {
        long now = System.nanoTime();
        if (stopped) {
            return;
        }
        if (now - lastFailureLog > FAILURE_LOG_INTERVAL.toNanos() || lastFailureLog == 0) {
            lastFailureLog = now;
            LOG.warnf("Webhook workers: %s failed, retrying at the next poll: %s", what, e.toString());
        }
    }
}
