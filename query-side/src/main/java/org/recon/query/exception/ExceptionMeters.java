package org.recon.query.exception;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.recon.api.exception.Priority;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The exceptions still waiting for someone, as gauges operators alert on ({@code recon.exceptions.active}): by
 * status ({@code OPEN}, {@code ACKNOWLEDGED}), priority, and whether the acknowledgement SLA was breached
 * ({@code escalated}). The counts come from the read model in one grouped query, at most once per
 * {@link #FRESH_FOR}, so a scrape that reads all sixteen series asks once; every query node reports the same
 * figures, which are the database's, not the node's.
 */
@Component
class ExceptionMeters {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);
    private static final List<String> ACTIVE = List.of("OPEN", "ACKNOWLEDGED");

    private record Series(String status, String priority, boolean escalated) {
    }

    private record Counts(Instant readAt, Map<Series, Long> bySeries) {
    }

    private final JdbcTemplate jdbc;
    private volatile Counts counts = new Counts(Instant.MIN, Map.of());

    ExceptionMeters(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        for (String status : ACTIVE) {
            for (Priority priority : Priority.values()) {
                for (boolean escalated : new boolean[] {false, true}) {
                    Series series = new Series(status, priority.name(), escalated);
                    Gauge.builder("recon.exceptions.active", () -> current().getOrDefault(series, 0L))
                            .description("Exceptions not yet resolved, by status, priority and SLA breach")
                            .baseUnit("exceptions")
                            .tag("status", status)
                            .tag("priority", priority.name())
                            .tag("escalated", Boolean.toString(escalated))
                            .register(meters);
                }
            }
        }
    }

    private Map<Series, Long> current() {
        Counts known = counts;
        Instant now = Instant.now();
        if (known.readAt().plus(FRESH_FOR).isAfter(now)) {
            return known.bySeries();
        }
        synchronized (this) {
            if (counts.readAt().plus(FRESH_FOR).isAfter(now)) {
                return counts.bySeries();
            }
            Map<Series, Long> bySeries = new HashMap<>();
            jdbc.query("""
                    select status, priority, escalated, count(*) from qry_exception
                    where status in ('OPEN', 'ACKNOWLEDGED') group by status, priority, escalated""",
                    (RowCallbackHandler) row -> bySeries.put(
                            new Series(row.getString(1), row.getString(2), row.getBoolean(3)), row.getLong(4)));
            counts = new Counts(now, Map.copyOf(bySeries));
            return counts.bySeries();
        }
    }
}
