create table widget (
    id         text primary key,
    tenant_id  text        not null,
    name       text        not null,
    quantity   int         not null,
    locked     boolean     not null default false,
    created_at timestamptz not null
);
create index widget_tenant_id on widget (tenant_id, id desc);

create table widget_counter (
    name text primary key,
    hits int  not null
);
