-- Platform hardening (applied after a service's own V1+ thanks to flyway out-of-order).

-- Idempotency keys are claimed in a short statement and completed later, instead of being held
-- under a row lock for the whole request: a claim has a state, an owner (the claiming request)
-- and a lease after which a crashed request's claim may be taken over.
alter table idempotency_key add column state text;
alter table idempotency_key add column owner uuid;
alter table idempotency_key add column locked_until timestamptz;
update idempotency_key set state = case when completed_at is null then 'in_progress' else 'completed' end,
                           locked_until = case when completed_at is null then now() end;
alter table idempotency_key alter column state set not null;
alter table idempotency_key add constraint idempotency_key_state check (state in ('in_progress', 'completed'));

-- ce_sequence counts per (topic, aggregate): an aggregate publishing to two topics must not leave
-- gaps in either. Existing counters continue from the highest sequence each pair published.
create table outbox_topic_sequence (
    topic         text   not null,
    aggregate_id  text   not null,
    last_sequence bigint not null,
    primary key (topic, aggregate_id)
);
insert into outbox_topic_sequence(topic, aggregate_id, last_sequence)
select o.topic, o.aggregate_id, greatest(max(o.sequence), coalesce(max(s.last_sequence), 0))
from outbox o left join outbox_sequence s on s.aggregate_id = o.aggregate_id
group by o.topic, o.aggregate_id;
drop table outbox_sequence;

-- Published rows are deleted by the relay (or by housekeeping after a retention); keep the table
-- vacuumed often, it is a queue.
alter table outbox set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000,
                        autovacuum_analyze_scale_factor = 0.05);
