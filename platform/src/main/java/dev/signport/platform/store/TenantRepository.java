package dev.signport.platform.store;

import dev.signport.platform.api.PageRequest;
import dev.signport.platform.api.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * Panache repository whose reads are always scoped by tenant, so that another tenant's id is
 * indistinguishable from a missing one (404, never 403). Entities need {@code id} and
 * {@code tenantId} attributes; ids are time-sortable so "newest first" is "id descending".
 */
public interface TenantRepository<E> extends PanacheRepositoryBase<E, String> {

    /** The entity's name in queries and in "not found" messages, e.g. "Document". */
    String resourceName();

    default Uni<E> findForTenant(String tenantId, String id) {
        return find("tenantId = :tenant and id = :id", Parameters.with("tenant", tenantId).and("id", id))
                .firstResult();
    }

    default Uni<E> getForTenant(String tenantId, String id) {
        return findForTenant(tenantId, id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound(resourceName(), id));
    }

    /**
     * The tenant's entity with its row locked ({@code SELECT … FOR UPDATE}) until the current
     * transaction ends, or a 404 problem. What a state machine needs for read-decide-write: two
     * transactions handling events of one aggregate at once run one after the other, so neither
     * decides on a state the other is changing (a lost update). Call inside {@code @WithTransaction}.
     */
    default Uni<E> lockForTenant(String tenantId, String id) {
        return find("tenantId = :tenant and id = :id", Parameters.with("tenant", tenantId).and("id", id))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound(resourceName(), id));
    }

    /** Like {@link #lockForTenant} for code that acts for any tenant (a consumer); null when absent. */
    default Uni<E> lockAnyTenant(String id) {
        return find("id = :id", Parameters.with("id", id)).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Newest first, {@code limit + 1} rows, for {@link PageRequest#page}. */
    default Uni<List<E>> pageForTenant(String tenantId, PageRequest page, String extraFilter, Parameters extra) {
        StringBuilder q = new StringBuilder("tenantId = :tenant");
        Parameters p = Parameters.with("tenant", tenantId);
        if (page.afterId() != null) {
            q.append(" and id < :after");
            p = p.and("after", page.afterId());
        }
        if (extraFilter != null && !extraFilter.isBlank()) {
            q.append(" and (").append(extraFilter).append(')');
            if (extra != null) {
                for (var e : extra.map().entrySet()) {
                    p = p.and(e.getKey(), e.getValue());
                }
            }
        }
        q.append(" order by id desc");
        return find(q.toString(), p).page(0, page.limit() + 1).list();
    }

    default Uni<List<E>> pageForTenant(String tenantId, PageRequest page) {
        return pageForTenant(tenantId, page, null, null);
    }
}
