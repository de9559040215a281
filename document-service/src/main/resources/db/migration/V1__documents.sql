-- document-service: document metadata, bytes (PostgreSQL storage) and what it learns about envelopes.

create table document (
    id          text        primary key,
    tenant_id   text        not null,
    name        text        not null,
    size_bytes  bigint      not null,
    pages       int         not null,
    sha256      text        not null,
    kind        text        not null,
    envelope_id text,
    storage     text        not null,
    created_at  timestamptz not null
);
-- Tenant-scoped, newest-first cursor pagination (ids are time-sortable).
create index document_tenant_id on document (tenant_id, id desc);

-- Bytes of documents stored in PostgreSQL: one row per chunk, keyed by the chunk's first offset,
-- so a range read fetches only the chunks it needs. Chunks go with their document.
create table document_chunk (
    document_id  text   not null references document (id) on delete cascade,
    start_offset bigint not null,
    data         bytea  not null,
    primary key (document_id, start_offset)
);
-- PDFs are compressed already: store chunks out of line without trying to compress them again.
alter table document_chunk alter column data set storage external;

-- Envelopes as seen on signport.envelope-events.v1, only to refuse deleting documents in use.
create table envelope_state (
    envelope_id text        primary key,
    tenant_id   text        not null,
    status      text        not null,
    terminal    boolean     not null,
    updated_at  timestamptz not null
);

create table envelope_document (
    envelope_id text not null,
    document_id text not null,
    tenant_id   text not null,
    primary key (document_id, envelope_id)
);
