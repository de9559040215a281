-- connector-core: one row per envelope per provider. Every connector deployment sharing a schema
-- (one per vendor) writes here, hence the provider in every key.

create table envelope_link (
    id                    text        primary key,
    provider              text        not null,
    envelope_id           text        not null,
    tenant_id             text        not null,
    mode                  text        not null,
    send_command_id       text        not null,
    state                 text        not null
        check (state in ('SENDING', 'ACCEPTED', 'COMPLETED', 'DECLINED', 'CANCELLED', 'FAILED')),
    -- The vendor's id of the envelope (or signature request), once it accepted it.
    external_id           text,
    -- Callback URL token: SHA-256 for lookup; sealed (AES-GCM) copy only to give a resumed send the same URL.
    callback_token_hash   text        not null unique,
    callback_token_sealed text        not null,
    callback_base_url     text        not null,
    document_name         text        not null,
    -- The adapter's recorded send steps (JSON object; secret values sealed) and the recipients with the
    -- vendor's reference and last published state (JSON array).
    progress              text        not null,
    recipients            text        not null,
    -- The replica running vendor calls for this envelope (send, cancel) and until when.
    claim_owner           text,
    claimed_until         timestamptz,
    next_poll_at          timestamptz,
    poll_interval_ms      bigint      not null default 0,
    signed_document_id    text,
    failure_reason        text,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    unique (provider, envelope_id)
);

-- Pollers claim due rows of their provider in next_poll_at order (FOR UPDATE SKIP LOCKED).
create index envelope_link_due on envelope_link (provider, next_poll_at) where next_poll_at is not null;
create index envelope_link_external on envelope_link (provider, external_id) where external_id is not null;
