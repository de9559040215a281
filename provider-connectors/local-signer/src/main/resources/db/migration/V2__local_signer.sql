-- local-signer: Signport's own signing of an envelope (the `local` provider). connector-core's tables (V1,
-- db/connector) sit beside these in schema `signer`.

-- One envelope being signed here; its row is locked (FOR UPDATE) by every signing, decline, cancel and expiry, so
-- signatures are added one after the other even when parallel signers act at the same moment.
create table signing_envelope (
    id               text        primary key,           -- Signport's env_…
    tenant_id        text        not null,
    mode             text        not null,
    subject          text        not null,
    message          text,
    locale           text,
    signing_order    text        not null,              -- PARALLEL | SEQUENTIAL
    signature_level  text        not null,
    state            text        not null,              -- IN_PROGRESS, COMPLETED, DECLINED, CANCELLED, EXPIRED
    state_at         timestamptz,
    reason           text,
    current_step     int         not null,              -- the signing order step now invited
    expires_at       timestamptz,
    frame_ancestors  text        not null default '[]', -- JSON array of CSP frame-ancestors sources
    callback_token_sealed text   not null,              -- connector-core's callback token: a change pokes the core
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

-- Each document as it stands: the uploaded bytes, then one incremental revision per signature, then the archive
-- revisions (DSS + document timestamp) on completion.
create table signing_document (
    envelope_id      text        not null references signing_envelope (id) on delete cascade,
    position         int         not null,
    document_id      text        not null,
    name             text        not null,
    pages            int         not null,
    original_sha256  text        not null,
    current_sha256   text        not null,
    content          bytea       not null,
    primary key (envelope_id, position)
);

-- One recipient's signing: its link (token hash for lookup, sealed copy so a resumed send returns the same URL),
-- its authentication, its state and the evidence of what it did.
create table signing_session (
    id                text        primary key,          -- ses_…
    envelope_id       text        not null references signing_envelope (id) on delete cascade,
    recipient_id      text        not null,
    email             text        not null,
    name              text        not null,
    phone             text,
    role              text        not null,
    step              int         not null,
    fields            text        not null default '[]', -- JSON: resolved placements per document
    token_hash        text        not null unique,
    token_sealed      text        not null,
    auth_method       text,                              -- null (link only), EMAIL_OTP, SMS_OTP, ACCESS_CODE
    access_code_hash  text,
    otp_hash          text,
    otp_expires_at    timestamptz,
    otp_sent_at       timestamptz,
    otp_sends         int         not null default 0,
    auth_failures     int         not null default 0,
    auth_grant_hash   text,                              -- what the page presents once authenticated
    auth_grant_until  timestamptz,
    state             text        not null,              -- PENDING, NOTIFIED, VIEWED, SIGNED, DECLINED
    state_at          timestamptz,
    viewed_at         timestamptz,
    decline_reason    text,
    view_evidence     text,                              -- JSON SigningEvidence
    evidence          text,                              -- JSON SigningEvidence of the signature or decline
    unique (envelope_id, recipient_id)
);
create index signing_session_envelope on signing_session (envelope_id, step);

-- Everything a signer did or tried, for the audit trail and support: views, codes sent, wrong codes, signatures.
create table signing_event (
    id           bigserial   primary key,
    envelope_id  text        not null,
    session_id   text,
    at           timestamptz not null,
    kind         text        not null,
    ip           text,
    user_agent   text,
    detail       text
);
create index signing_event_envelope on signing_event (envelope_id, at);

-- Mails to send, written in the transaction of what causes them and sent by MailDispatcher (retried with backoff,
-- claimed with SKIP LOCKED). Bodies are rendered at send time from the session, so no link is stored here; a
-- one-time code travels sealed and is erased once sent.
create table mail_outbox (
    id               bigserial   primary key,
    envelope_id      text        not null,
    session_id       text        not null,
    kind             text        not null,              -- INVITATION, OTP, COMPLETED, DECLINED, CANCELLED
    secret_sealed    text,
    attempts         int         not null default 0,
    next_attempt_at  timestamptz not null,
    claimed_until    timestamptz,
    sent_at          timestamptz,
    last_error       text,
    created_at       timestamptz not null
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null;
