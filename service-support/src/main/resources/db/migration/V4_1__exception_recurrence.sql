-- Exceptions opened per position and reason: the command side's lookup for recurrenceOf
-- (an exception that opens for the same position and reason within 7 days names the earlier one).
-- Maintained by a subscribing event handler in the transaction that opens the exception.
create table if not exists exception_recurrence (
    exception_id varchar(255) not null primary key,
    position_id  varchar(255) not null,
    reason       varchar(64)  not null,
    opened_at    timestamp with time zone not null,
    trigger_id   varchar(1024)
);
create index if not exists exception_recurrence_lookup
    on exception_recurrence (position_id, reason, opened_at desc);
