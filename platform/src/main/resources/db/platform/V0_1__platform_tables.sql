-- Platform tables every service has in its own schema (outbox, inbox, idempotency).
-- Versions 0.x belong to platform; a service's own migrations start at V1.

create table outbox (
    id             bigserial primary key,
    event_id       uuid        not null unique,
    topic          text        not null,
    aggregate_type text        not null,
    aggregate_id   text        not null,
    tenant_id      text,
    event_type     text        not null,
    sequence       bigint      not null,
    payload        text        not null, -- exactly the JSON the producer serialised
    traceparent    text,
    tracestate     text,
    created_at     timestamptz not null,
    published_at   timestamptz
);
-- The relay only ever scans unpublished rows in id order.
create index outbox_unpublished on outbox (id) where published_at is null;
create index outbox_published_at on outbox (published_at) where published_at is not null;

-- Per-aggregate event counter; its row lock also serialises concurrent writers of one aggregate.
create table outbox_sequence (
    aggregate_id  text   primary key,
    last_sequence bigint not null
);

create table inbox (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null,
    primary key (consumer, event_id)
);
create index inbox_processed_at on inbox (processed_at);

create table idempotency_key (
    tenant_id    text        not null,
    idem_key     text        not null,
    fingerprint  text        not null,
    status_code  int,
    headers      jsonb,
    body         bytea,
    created_at   timestamptz not null,
    completed_at timestamptz,
    primary key (tenant_id, idem_key)
);
create index idempotency_key_created_at on idempotency_key (created_at);
