package dev.signport.envelope.store;

import dev.signport.envelope.domain.EnvelopeRules;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
public class KnownDocumentRepository implements PanacheRepositoryBase<KnownDocument, String> {

    /** The tenant's documents among {@code ids}, by id (another tenant's document is as absent as a missing one). */
    public Uni<Map<String, EnvelopeRules.Doc>> forTenant(String tenantId, Collection<String> ids) {
        return list("tenantId = :tenant and id in :ids", Parameters.with("tenant", tenantId).and("ids", ids))
                .map(rows -> rows.stream().collect(Collectors.toMap(d -> d.id, KnownDocumentRepository::toDoc,
                        (a, b) -> a)));
    }

    static EnvelopeRules.Doc toDoc(KnownDocument d) {
        return new EnvelopeRules.Doc(d.id, d.name, d.sizeBytes, d.pages, d.sha256, d.deleted);
    }

    public static Function<KnownDocument, EnvelopeRules.Doc> asDoc() {
        return KnownDocumentRepository::toDoc;
    }
}
