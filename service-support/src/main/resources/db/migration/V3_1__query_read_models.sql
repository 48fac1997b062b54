-- Query side read models (issue 5). Rebuilt by replaying the event store; never written by the command side.

create table if not exists qry_position (
    position_id     varchar(140) not null primary key,
    sku             varchar(64)  not null,
    location        varchar(64)  not null,
    on_hand         bigint       not null default 0,
    available       bigint       not null default 0,
    committed       bigint       not null default 0,
    reserved        bigint       not null default 0,
    damaged         bigint       not null default 0,
    quality_control bigint       not null default 0,
    safety_stock    bigint       not null default 0,
    incoming        bigint       not null default 0,
    picked          bigint       not null default 0,
    systems         text         not null,
    variances       text         not null,
    open_steps      text         not null,
    base_status     varchar(16)  not null,
    last_event_at   timestamp with time zone,
    version         bigint       not null default 0
);
create index if not exists qry_position_sku_location on qry_position (sku, location);
create index if not exists qry_position_location on qry_position (location);

create table if not exists qry_sku_risk (
    sku        varchar(64) not null primary key,
    flags      text        not null,
    updated_at timestamp with time zone
);

create table if not exists qry_exception (
    exception_id    varchar(100) not null primary key,
    position_id     varchar(140) not null,
    sku             varchar(64)  not null,
    location        varchar(64)  not null,
    system          varchar(32),
    state           varchar(32),
    reason          varchar(40)  not null,
    priority        varchar(4)   not null,
    team            varchar(100),
    status          varchar(16)  not null,
    escalated       boolean      not null default false,
    opened_at       timestamp with time zone not null,
    acknowledged_at timestamp with time zone,
    resolved_at     timestamp with time zone,
    sla_due_at      timestamp with time zone,
    evidence        text,
    resolution      text,
    recurrence_of   varchar(100),
    history         text         not null
);
create index if not exists qry_exception_opened on qry_exception (opened_at, exception_id);
create index if not exists qry_exception_position on qry_exception (position_id, status);

create table if not exists qry_document_step (
    position_id       varchar(140) not null,
    step_id           varchar(400) not null,
    document_type     varchar(64)  not null,
    document_id       varchar(200) not null,
    line              varchar(64),
    sku               varchar(64)  not null,
    location          varchar(64)  not null,
    movement_type     varchar(32)  not null,
    authority         varchar(32),
    effective         bigint       not null,
    provisional       boolean      not null,
    reported          text         not null,
    in_flight         text         not null,
    complete          boolean      not null,
    first_reported_at timestamp with time zone,
    primary key (position_id, step_id)
);
create index if not exists qry_document_step_document on qry_document_step (document_type, document_id);

create table if not exists qry_timeline_entry (
    global_index  bigint       not null primary key,
    position_id   varchar(140) not null,
    type          varchar(40)  not null,
    system        varchar(32),
    event_id      varchar(255),
    occurred_at   timestamp with time zone,
    recorded_at   timestamp with time zone not null,
    document_type varchar(64),
    document_id   varchar(200),
    document_line varchar(64),
    changes       text         not null,
    reason        varchar(64),
    actor         varchar(200),
    exception_id  varchar(100)
);
create index if not exists qry_timeline_position on qry_timeline_entry (position_id, global_index);

create table if not exists qry_variance_record (
    record_id     varchar(500) not null primary key,
    kind          varchar(16)  not null,
    position_id   varchar(140) not null,
    sku           varchar(64)  not null,
    location      varchar(64)  not null,
    system        varchar(32),
    state         varchar(32),
    reason        varchar(40)  not null,
    unexplained   bigint       not null default 0,
    detected_at   timestamp with time zone not null,
    cleared_at    timestamp with time zone,
    overdue_at    timestamp with time zone,
    duration_ms   bigint
);
create index if not exists qry_variance_record_detected on qry_variance_record (detected_at);

create table if not exists qry_inbox_message (
    inbox_id          varchar(100) not null primary key,
    system            varchar(32)  not null,
    event_id          varchar(255),
    kind              varchar(32),
    code              varchar(40),
    detail            text,
    external_sku      varchar(200),
    external_location varchar(200),
    payload           text,
    actor             varchar(200),
    parked_at         timestamp with time zone not null,
    status            varchar(16)  not null,
    replayed_at       timestamp with time zone,
    outcome           varchar(40),
    replay_detail     text
);
create index if not exists qry_inbox_status on qry_inbox_message (status, parked_at);
