-- Live query-side nodes, so each processor's segments are shared fairly between them.
create table query_node (
    node_id   varchar(64) not null primary key,
    last_seen timestamptz not null
);
