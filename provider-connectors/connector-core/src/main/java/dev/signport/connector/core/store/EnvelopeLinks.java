package dev.signport.connector.core.store;

import dev.signport.connector.core.domain.EnvelopeLink;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.List;

/** {@link EnvelopeLink} rows: lookups, row locks for read-decide-write, and the pollers' claim. */
@ApplicationScoped
public class EnvelopeLinks implements PanacheRepositoryBase<EnvelopeLink, String> {

    public Uni<EnvelopeLink> findByEnvelope(String provider, String envelopeId) {
        return find("provider = :p and envelopeId = :e", Parameters.with("p", provider).and("e", envelopeId))
                .firstResult();
    }

    /** The row locked until the transaction ends ({@code SELECT … FOR UPDATE}); null when absent. */
    public Uni<EnvelopeLink> lockByEnvelope(String provider, String envelopeId) {
        return find("provider = :p and envelopeId = :e", Parameters.with("p", provider).and("e", envelopeId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<EnvelopeLink> lockById(String id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<EnvelopeLink> findByTokenHash(String provider, String tokenHash) {
        return find("provider = :p and callbackTokenHash = :h", Parameters.with("p", provider).and("h", tokenHash))
                .firstResult();
    }

    /**
     * Claims up to {@code limit} envelopes of {@code provider} whose poll is due, by moving their next poll
     * {@code lease} ahead in the same statement; rows another replica is claiming are skipped, so replicas
     * share the work and never poll one envelope twice at once. A replica that dies mid-poll leaves the
     * row due again after the lease.
     */
    public Uni<List<String>> claimDue(String provider, int limit, Duration lease) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        update envelope_link set next_poll_at = now() + make_interval(secs => ?3)
                        where id in (select id from envelope_link
                                     where provider = ?1 and state = 'ACCEPTED' and next_poll_at <= now()
                                     order by next_poll_at limit ?2
                                     for update skip locked)
                        returning id""", String.class)
                .setParameter(1, provider).setParameter(2, limit).setParameter(3, lease.toMillis() / 1000.0)
                .getResultList());
    }

    /** Envelopes of {@code provider} waiting for a poll now (a lag signal for operators). */
    public Uni<Long> countDue(String provider) {
        return count("provider = :p and state = :s and nextPollAt <= current_timestamp",
                Parameters.with("p", provider).and("s", dev.signport.connector.core.domain.LinkState.ACCEPTED));
    }
}
