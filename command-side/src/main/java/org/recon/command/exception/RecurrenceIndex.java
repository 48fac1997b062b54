package org.recon.command.exception;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionReason;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The exceptions opened per position and reason ({@code exception_recurrence}), written in the same
 * transaction that opens an exception (subscribing processor), so the next opening sees it.
 */
@ProcessingGroup(RecurrenceIndex.PROCESSING_GROUP)
class RecurrenceIndex implements RecurrencePolicy.History {

    static final String PROCESSING_GROUP = "exception-recurrence";

    private final JdbcTemplate jdbc;

    RecurrenceIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ExceptionOpened event) {
        if (event.positionId() == null) {
            return;
        }
        jdbc.update("insert into exception_recurrence (exception_id, position_id, reason, opened_at, trigger_id) "
                        + "values (?, ?, ?, ?, ?) on conflict (exception_id) do nothing",
                event.exceptionId(), event.positionId().asString(), event.reason().name(),
                Timestamp.from(event.openedAt()), event.trigger());
    }

    @Override
    public Optional<RecurrencePolicy.PriorOpening> latest(String positionId, ExceptionReason reason, Instant openedBefore,
                                                          String excludedTrigger) {
        List<RecurrencePolicy.PriorOpening> rows = jdbc.query(
                "select exception_id, opened_at from exception_recurrence "
                        + "where position_id = ? and reason = ? and opened_at <= ? "
                        + "and (trigger_id is null or trigger_id <> ?) "
                        + "order by opened_at desc, exception_id desc limit 1",
                (rs, i) -> new RecurrencePolicy.PriorOpening(rs.getString(1), rs.getTimestamp(2).toInstant()),
                positionId, reason.name(), Timestamp.from(openedBefore), excludedTrigger == null ? "" : excludedTrigger);
        return rows.stream().findFirst();
    }
}
