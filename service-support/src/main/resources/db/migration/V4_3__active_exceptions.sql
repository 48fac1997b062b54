-- The exceptions still waiting for someone, counted by the query side's gauges (ExceptionMeters) every few
-- seconds: a small partial index, so that the count does not read every resolved exception ever kept.
create index if not exists qry_exception_active on qry_exception (status, priority, escalated)
    where status in ('OPEN', 'ACKNOWLEDGED');
