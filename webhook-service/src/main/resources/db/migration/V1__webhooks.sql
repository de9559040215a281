-- webhook-service: the tenants' webhook endpoints, the envelope events they may receive (kept for replay) and one
-- delivery row per (event, endpoint). Platform tables (outbox, inbox, idempotency_key) come from db/platform.

create table webhook_endpoint (
    id                         text        primary key,          -- wh_<ulid>
    tenant_id                  text        not null,
    url                        text        not null,
    events                     text[]      not null,             -- event names, or '*'
    description                text,
    enabled                    boolean     not null,
    -- The whsec_ secrets, sealed with AES-256-GCM (key from config, the endpoint id as associated data):
    -- a database dump alone does not let anybody forge our signatures.
    secret                     bytea       not null,
    previous_secret            bytea,                            -- still signs until previous_secret_expires_at
    previous_secret_expires_at timestamptz,
    disabled_reason            text,
    disabled_at                timestamptz,
    failing_since              timestamptz,                      -- first failure of the current streak
    paused_until               timestamptz,                      -- Retry-After of a 429/502/503/504
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);
create index webhook_endpoint_tenant on webhook_endpoint (tenant_id, id);

-- Every envelope event of every tenant, as it will be sent (the {type, timestamp, data} body), for retries
-- and replays; deleted after signport.webhooks.event-retention. A row with webhook_id is a webhook.test
-- event meant for that endpoint only (never replayed).
create table webhook_event (
    event_id    text        primary key,                         -- ce_id
    tenant_id   text        not null,
    webhook_id  text        references webhook_endpoint (id) on delete cascade,
    type        text        not null,
    occurred_at timestamptz not null,
    received_at timestamptz not null,
    body        text        not null
);
create index webhook_event_replay on webhook_event (tenant_id, occurred_at) where webhook_id is null;
create index webhook_event_received on webhook_event (received_at);

create table webhook_delivery (
    id                 text        primary key,                  -- dlv_<ulid>
    tenant_id          text        not null,
    webhook_id         text        not null references webhook_endpoint (id) on delete cascade,
    event_id           text        not null references webhook_event (event_id) on delete cascade,
    event_type         text        not null,
    message_id         text        not null,                     -- webhook-id header, the same on every attempt
    status             text        not null check (status in ('PENDING', 'SUCCEEDED', 'DEAD')),
    attempts           int         not null,
    next_attempt_at    timestamptz,                              -- null once SUCCEEDED or DEAD
    -- A worker's claim: nobody else sends the row until claimed_until; claim_owner fences the worker's
    -- result so that a claim retaken after its lease ran out is not overwritten by the slow first worker.
    claimed_until      timestamptz,
    claim_owner        uuid,
    last_attempt_at    timestamptz,
    last_status_code   int,
    last_latency_ms    int,
    last_error         text,
    last_response_body text,                                     -- at most 4 KB
    created_at         timestamptz not null,
    completed_at       timestamptz
);
-- One delivery per event and endpoint: a redelivered Kafka record or a replay never enqueues a second one.
-- Leading with event_id it also serves the cascade from webhook_event.
create unique index webhook_delivery_event on webhook_delivery (event_id, webhook_id);
create index webhook_delivery_list on webhook_delivery (webhook_id, id);
-- What the workers claim from: the due rows of one endpoint, oldest first.
create index webhook_delivery_due on webhook_delivery (webhook_id, next_attempt_at) where status = 'PENDING';

-- A queue: every row is updated twice (claimed, then recorded). Free room on each page lets the claim, which
-- changes no indexed column, be a HOT update (no new index entries); frequent vacuum keeps the due index short.
alter table webhook_delivery set (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,
                                  autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.05);
alter table webhook_event set (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
