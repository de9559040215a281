package dev.signport.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Writes events into the outbox table inside the caller's Hibernate Reactive transaction, so a
 * state change and its event commit or roll back together. The relay publishes them afterwards;
 * the NOTIFY issued here is delivered by PostgreSQL only on commit and wakes the relay at once.
 */
@ApplicationScoped
public class Outbox {

    static final String NOTIFY_PREFIX = "signport_outbox_";

    // The per-(topic, aggregate) counter row is locked until commit, so concurrent appends for one
    // aggregate and topic get consecutive sequences in commit order. It serialises event appends
    // only: a read-decide-write on the aggregate itself needs the aggregate's row locked
    // (TenantRepository.lockForTenant) for the whole transaction.
    private static final String INSERT = """
            with seq as (
              insert into outbox_topic_sequence(topic, aggregate_id, last_sequence) values (?3, ?1, 1)
              on conflict (topic, aggregate_id) do update set last_sequence = outbox_topic_sequence.last_sequence + 1
              returning last_sequence)
            insert into outbox(event_id, topic, aggregate_type, aggregate_id, tenant_id, event_type, sequence,
                               payload, traceparent, tracestate, created_at)
            select cast(?2 as uuid), ?3, ?4, ?1, cast(?5 as text), ?6, seq.last_sequence, cast(?7 as text),
                   cast(?8 as text), cast(?9 as text), clock_timestamp()
            from seq""";

    private final ObjectMapper mapper;

    public Outbox(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Appends {@code event}; must run inside a transaction ({@code @WithTransaction}). Returns its id. */
    public Uni<UUID> append(OutboxEvent event) {
        UUID id = UUID.randomUUID();
        String payload;
        try {
            payload = mapper.writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Event payload is not serialisable", e));
        }
        SpanContext span = Span.current().getSpanContext();
        String traceparent = span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
        String tracestate = span.isValid() && !span.getTraceState().isEmpty()
                ? span.getTraceState().asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + "," + b).orElse(null)
                : null;
        return Panache.getSession().flatMap(s -> s.createNativeQuery(INSERT)
                .setParameter(1, event.aggregateId())
                .setParameter(2, id.toString())
                .setParameter(3, event.topic())
                .setParameter(4, event.aggregateType())
                .setParameter(5, event.tenantId())
                .setParameter(6, event.type())
                .setParameter(7, payload)
                .setParameter(8, traceparent)
                .setParameter(9, tracestate)
                .executeUpdate()
                // An update-style call, not a select: every native select gets its own entry in Hibernate's
                // query plan cache, which then churns on each event (measured: 11 % of the event loop).
                .chain(() -> s.createNativeQuery("select pg_notify('" + NOTIFY_PREFIX
                        + "' || current_schema(), '')").executeUpdate()))
                .replaceWith(id);
    }
}
