-- envelope-service: tenants and their API keys, envelopes and their audit entries, and what this
-- service learns from other services' topics (documents, provider capabilities).
-- JSON documents are kept in text columns, mapped by attribute converters: Hibernate Reactive does not
-- map jsonb columns to Java types reliably.

CREATE TABLE tenant (
    id          text        PRIMARY KEY,
    name        text        NOT NULL,
    -- TenantSettings as JSON: default provider per mode, allowed providers, fallbacks, vendor account
    -- references (names only, never credentials), default reminders.
    settings    text        NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE api_key (
    id            text        PRIMARY KEY,
    tenant_id     text        NOT NULL REFERENCES tenant (id),
    -- SHA-256 of the secret: the secret itself is shown once and never stored.
    key_hash      text        NOT NULL UNIQUE,
    -- The first characters of the secret (sk_test_AbCd), so that a person can tell keys apart.
    display_prefix text       NOT NULL,
    mode          text        NOT NULL,
    name          text,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_key_tenant ON api_key (tenant_id, id DESC);

CREATE TABLE envelope (
    id                  text        PRIMARY KEY,
    tenant_id           text        NOT NULL,
    mode                text        NOT NULL,
    status              text        NOT NULL,
    subject             text        NOT NULL,
    message             text,
    signing_order       text        NOT NULL,
    -- The provider asked for (null: the tenant's default, resolved at send) and the chain resolved at
    -- send: [primary, fallback 1, ...]; attempt is the 1-based position of the current provider in it.
    requested_provider  text,
    fallback_providers  text        NOT NULL DEFAULT '[]',
    provider            text,
    provider_chain      text        NOT NULL DEFAULT '[]',
    attempt             integer     NOT NULL DEFAULT 0,
    external_id         text,
    send_command_id     text,
    signature_level     text,
    expires_at          timestamptz,
    reminders           text,
    metadata            text        NOT NULL DEFAULT '{}',
    document_ids        text        NOT NULL,
    recipients          text        NOT NULL,
    signed_document_id  text,
    evidence_document_id text,
    failure_code        text,
    failure_reason      text,
    -- Timers the scheduler acts on (null = none pending).
    send_deadline_at    timestamptz,
    retry_at            timestamptz,
    send_retries        integer     NOT NULL DEFAULT 0,
    next_reminder_at    timestamptz,
    reminders_sent      integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    sent_at             timestamptz,
    completed_at        timestamptz,
    deleted_at          timestamptz
);
CREATE INDEX envelope_tenant ON envelope (tenant_id, id DESC);
CREATE INDEX envelope_expiry ON envelope (expires_at) WHERE status IN ('SENDING', 'SENT', 'PARTIALLY_SIGNED');
CREATE INDEX envelope_send_deadline ON envelope (send_deadline_at) WHERE status = 'SENDING';
CREATE INDEX envelope_retry ON envelope (retry_at) WHERE status = 'SENDING';
CREATE INDEX envelope_reminder ON envelope (next_reminder_at) WHERE status IN ('SENT', 'PARTIALLY_SIGNED');

-- Everything that happened to an envelope, for its audit trail: written in the transaction of the change.
CREATE TABLE audit_entry (
    id           bigserial   PRIMARY KEY,
    envelope_id  text        NOT NULL,
    tenant_id    text        NOT NULL,
    at           timestamptz NOT NULL,
    event        text        NOT NULL,
    actor        text        NOT NULL,
    ip           text,
    user_agent   text,
    detail       text
);
CREATE INDEX audit_entry_envelope ON audit_entry (envelope_id, id);

-- Documents as learnt from signport.document-events.v1 (never by calling document-service).
CREATE TABLE known_document (
    id          text        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    kind        text        NOT NULL,
    name        text        NOT NULL,
    size_bytes  bigint      NOT NULL,
    pages       integer     NOT NULL,
    sha256      text        NOT NULL,
    envelope_id text,
    deleted     boolean     NOT NULL DEFAULT false,
    updated_at  timestamptz NOT NULL
);

-- The latest ProviderCapabilities of each provider, from the compacted signport.provider-capabilities.v1.
CREATE TABLE provider_capability (
    provider     text        PRIMARY KEY,
    capabilities text        NOT NULL,
    checked_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
