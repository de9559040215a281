package dev.signport.document.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What document-service knows about envelopes, learnt from {@code signport.envelope-events.v1}:
 * which documents each envelope uses and whether it reached a terminal state. It only answers
 * "may this document be deleted?". Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class EnvelopeUsageRepository {

    /** Records the envelope's latest status; once terminal it stays terminal (events only move forward). */
    public Uni<Void> recordStatus(String envelopeId, String tenantId, String status, boolean terminal) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        insert into envelope_state(envelope_id, tenant_id, status, terminal, updated_at)
                        values (?1, ?2, ?3, ?4, now())
                        on conflict (envelope_id) do update set
                          status = case when envelope_state.terminal then envelope_state.status else excluded.status end,
                          terminal = envelope_state.terminal or excluded.terminal,
                          updated_at = now()""")
                .setParameter(1, envelopeId).setParameter(2, tenantId).setParameter(3, status)
                .setParameter(4, terminal)
                .executeUpdate()).replaceWithVoid();
    }

    /** Links the envelope to the documents it was created with. */
    public Uni<Void> recordDocuments(String envelopeId, String tenantId, List<String> documentIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String documentId : documentIds) {
            // Sequential on purpose: one Hibernate Reactive session never runs two queries at once.
            chain = chain.flatMap(v -> Panache.getSession().flatMap(s -> s.createNativeQuery("""
                            insert into envelope_document(envelope_id, document_id, tenant_id) values (?1, ?2, ?3)
                            on conflict do nothing""")
                    .setParameter(1, envelopeId).setParameter(2, documentId).setParameter(3, tenantId)
                    .executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    /** Makes the envelope use exactly {@code documentIds}, releasing the ones it no longer names. */
    public Uni<Void> replaceDocuments(String envelopeId, String tenantId, List<String> documentIds) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        delete from envelope_document where envelope_id = ?1 and not (document_id = any(?2))""")
                .setParameter(1, envelopeId).setParameter(2, documentIds.toArray(String[]::new))
                .executeUpdate())
                .chain(() -> recordDocuments(envelopeId, tenantId, documentIds));
    }

    /** An envelope of the tenant that uses the document and is not terminal yet, or null. */
    public Uni<String> activeEnvelopeUsing(String tenantId, String documentId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                        select ed.envelope_id from envelope_document ed
                        join envelope_state es on es.envelope_id = ed.envelope_id
                        where ed.document_id = ?1 and ed.tenant_id = ?2 and not es.terminal
                        order by ed.envelope_id limit 1""", String.class)
                .setParameter(1, documentId).setParameter(2, tenantId)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
