-- Command-side lookups that the ingest edge reads. They are derived from events (identity) or
-- written in the same transaction as the event they belong to (receipts), never edited by hand.

-- Idempotency: one row per (system, eventId) ever delivered, with a fingerprint of its content.
create table ingest_receipt (
    system       varchar(32)  not null,
    event_id     varchar(200) not null,
    kind         varchar(16)  not null,
    fingerprint  varchar(64)  not null,
    position_id  varchar(140),
    outcome      varchar(16)  not null,
    inbox_id     varchar(64),
    received_at  timestamptz  not null default now(),
    primary key (system, event_id)
);

-- Canonical SKU and location codes (registered by an admin or used by the catalog owner).
create table identity_code (
    kind          varchar(16)  not null,
    code          varchar(64)  not null,
    description   varchar(500),
    registered_by varchar(100),
    registered_at timestamptz  not null,
    primary key (kind, code)
);

-- A system's own code mapped to a canonical one.
create table identity_alias (
    kind          varchar(16)  not null,
    system        varchar(32)  not null,
    external_code varchar(64)  not null,
    canonical     varchar(64)  not null,
    mapped_at     timestamptz  not null,
    primary key (kind, system, external_code)
);

create table sku_risk_flag (
    sku   varchar(64) not null,
    flag  varchar(32) not null,
    primary key (sku, flag)
);

-- Messages parked until their identity can be resolved.
create table inbox_entry (
    inbox_id          varchar(64)  not null primary key,
    system            varchar(32)  not null,
    event_id          varchar(200) not null,
    kind              varchar(16)  not null,
    code              varchar(40)  not null,
    detail            varchar(500),
    external_sku      varchar(64),
    external_location varchar(64),
    payload           text         not null,
    status            varchar(16)  not null,
    outcome           varchar(16),
    parked_at         timestamptz  not null,
    replayed_at       timestamptz
);
create index inbox_entry_parked on inbox_entry (status, system);
create index inbox_entry_parked_sku on inbox_entry (external_sku) where status = 'PARKED';
create index inbox_entry_parked_location on inbox_entry (external_location) where status = 'PARKED';
