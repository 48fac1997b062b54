package org.recon.query.timeline;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.EventMessage;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAssigned;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionEscalated;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.position.DuplicateConflictRecorded;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.TransferArrivalExpected;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;
import org.axonframework.messaging.Message;
import org.recon.query.operations.BatchRows;
import org.recon.query.operations.BatchWrites;
import org.recon.query.operations.BulkInsert;
import org.recon.query.operations.Projection;
import org.recon.query.operations.SqlTimestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event that touches a position, keyed by its global index (so a redelivery writes the same
 * row). {@code type} is the movement type for movements, the event's name in upper snake case otherwise.
 */
@Component
@ProcessingGroup(TimelineProjection.GROUP)
public class TimelineProjection implements Projection {

    public static final String GROUP = "timeline";

    private static final BulkInsert<TimelineRow> ROWS = BulkInsert.inserting("qry_timeline_entry",
            List.of("global_index", "position_id", "type", "system", "event_id", "occurred_at", "recorded_at",
                    "document_type", "document_id", "document_line", "changes", "reason", "actor", "exception_id"),
            row -> new Object[] {row.globalIndex, row.positionId, row.type, row.system, row.eventId,
                    SqlTimestamps.utc(row.occurredAt), SqlTimestamps.utc(row.recordedAt), row.documentType,
                    row.documentId, row.documentLine, row.changes, row.reason, row.actor, row.exceptionId});

    private final JsonMapper json;
    private final JdbcTemplate jdbc;

    public TimelineProjection(JsonMapper json, JdbcTemplate jdbc) {
        this.json = json;
        this.jdbc = jdbc;
    }

    /** Rows are only ever inserted: the batch's go to the database together, just before it commits. */
    private void insert(TimelineRow row) {
        BatchWrites.<Long, TimelineRow>current(GROUP + "/rows", this::insertAll).put(row.globalIndex, row);
    }

    private void insertAll(Collection<TimelineRow> rows) {
        ROWS.writeAll(jdbc, rows);
    }

    @EventHandler
    void on(MovementRecorded e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), e.type().name(), e.system(), e.eventId(), e.occurredAt(), at);
        document(row, e.document());
        row.changes = json.writeValueAsString(e.changes() == null ? Map.of() : e.changes());
        row.reason = e.reason() != null ? e.reason().code() : e.sourceReason();
        row.actor = e.actor();
        row.exceptionId = e.exceptionId();
        insert(row);
    }

    @EventHandler
    void on(PositionCorrected e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "POSITION_CORRECTED", e.system(), e.eventId(), e.occurredAt(), at);
        row.changes = json.writeValueAsString(e.changes() == null ? Map.of() : e.changes());
        row.reason = e.reason() == null ? null : e.reason().code();
        row.actor = e.actor();
        insert(row);
    }

    @EventHandler
    void on(TransferArrivalExpected e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "TRANSFER_ARRIVAL_EXPECTED", e.system(), e.eventId(),
                e.occurredAt(), at);
        document(row, e.document());
        row.changes = json.writeValueAsString(e.changes() == null ? Map.of() : e.changes());
        row.actor = e.actor();
        insert(row);
    }

    @EventHandler
    void on(ObservationRecorded e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "OBSERVATION_RECORDED", e.system(), e.eventId(), e.observedAt(), at);
        row.reason = e.stale() ? "stale" : null;
        row.actor = e.actor();
        insert(row);
    }

    @EventHandler
    void on(VarianceDetected e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "VARIANCE_DETECTED", e.system(), e.observationEventId(),
                e.detectedAt(), at);
        row.reason = e.reasonCode();
        insert(row);
    }

    @EventHandler
    void on(VarianceCleared e, EventMessage<?> message, @Timestamp Instant at) {
        insert(row(message, e.positionId(), "VARIANCE_CLEARED", e.system(), e.causeEventId(), e.clearedAt(), at));
    }

    @EventHandler
    void on(VarianceOverdue e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "VARIANCE_OVERDUE", e.system(), e.observationEventId(),
                e.overdueAt(), at);
        row.reason = e.reasonCode();
        insert(row);
    }

    @EventHandler
    void on(StepAwaitingReports e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "STEP_AWAITING_REPORTS", null, e.firstEventId(), e.detectedAt(), at);
        document(row, e.step() == null ? null : e.step().document());
        insert(row);
    }

    @EventHandler
    void on(StepCompleted e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "STEP_COMPLETED", null, e.causeEventId(), e.completedAt(), at);
        document(row, e.step() == null ? null : e.step().document());
        insert(row);
    }

    @EventHandler
    void on(StepOverdue e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "STEP_OVERDUE", null, null, e.overdueAt(), at);
        document(row, e.step() == null ? null : e.step().document());
        insert(row);
    }

    @EventHandler
    void on(NegativeAvailableDetected e, EventMessage<?> message, @Timestamp Instant at) {
        insert(row(message, e.positionId(), "NEGATIVE_AVAILABLE_DETECTED", null, e.causeEventId(), e.detectedAt(), at));
    }

    @EventHandler
    void on(NegativeAvailableCleared e, EventMessage<?> message, @Timestamp Instant at) {
        insert(row(message, e.positionId(), "NEGATIVE_AVAILABLE_CLEARED", null, e.causeEventId(), e.clearedAt(), at));
    }

    @EventHandler
    void on(DuplicateConflictRecorded e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "DUPLICATE_CONFLICT_RECORDED", e.system(), e.eventId(),
                e.recordedAt(), at);
        row.actor = e.actor();
        insert(row);
    }

    @EventHandler
    void on(ExceptionOpened e, EventMessage<?> message, @Timestamp Instant at) {
        TimelineRow row = row(message, e.positionId(), "EXCEPTION_OPENED", e.system(), null, e.openedAt(), at);
        row.reason = e.reason().name();
        row.exceptionId = e.exceptionId();
        insert(row);
    }

    @EventHandler
    void on(ExceptionAcknowledged e, EventMessage<?> message, @Timestamp Instant at) {
        exception(message, e.positionId(), "EXCEPTION_ACKNOWLEDGED", e.exceptionId(), e.actor(), e.acknowledgedAt(), at, null);
    }

    @EventHandler
    void on(ExceptionAssigned e, EventMessage<?> message, @Timestamp Instant at) {
        exception(message, e.positionId(), "EXCEPTION_ASSIGNED", e.exceptionId(), e.actor(), e.assignedAt(), at, null);
    }

    @EventHandler
    void on(ExceptionEscalated e, EventMessage<?> message, @Timestamp Instant at) {
        exception(message, e.positionId(), "EXCEPTION_ESCALATED", e.exceptionId(), null, e.escalatedAt(), at, null);
    }

    @EventHandler
    void on(ExceptionResolved e, EventMessage<?> message, @Timestamp Instant at) {
        exception(message, e.positionId(), "EXCEPTION_RESOLVED", e.exceptionId(), e.actor(), e.resolvedAt(), at,
                e.resolution().name());
    }

    @EventHandler
    void on(ExceptionAutoResolved e, EventMessage<?> message, @Timestamp Instant at) {
        exception(message, e.positionId(), "EXCEPTION_AUTO_RESOLVED", e.exceptionId(), null, e.resolvedAt(), at, e.cause());
    }

    @ResetHandler
    void reset() {
        jdbc.execute("delete from qry_timeline_entry");
    }

    private void exception(EventMessage<?> message, PositionId position, String type, String exceptionId, String actor,
                           Instant occurredAt, Instant at, String reason) {
        TimelineRow row = row(message, position, type, null, null, occurredAt, at);
        row.exceptionId = exceptionId;
        row.actor = actor;
        row.reason = reason;
        insert(row);
    }

    private TimelineRow row(EventMessage<?> message, PositionId position, String type, SystemId system,
                            String eventId, Instant occurredAt, Instant recordedAt) {
        long index = globalIndexOf(message);
        TimelineRow row = new TimelineRow(index, position.asString(), type);
        row.system = system == null ? null : system.value();
        row.eventId = eventId;
        row.occurredAt = occurredAt;
        row.recordedAt = recordedAt;
        row.changes = "{}";
        return row;
    }

    /**
     * The event's own place in the store. Not the tracking token's position: an event that commits
     * late and fills a gap in the global index arrives with a token past it.
     */
    private long globalIndexOf(EventMessage<?> message) {
        Long index = BatchRows.<String, Long>current(GROUP + "/global-index", Message::getIdentifier,
                this::globalIndexes,
                id -> jdbc.queryForObject("select global_index from domain_event_entry where event_identifier = ?",
                        Long.class, id)).get(message.getIdentifier());
        if (index == null) {
            throw new IllegalStateException("event " + message.getIdentifier() + " is not in the event store");
        }
        return index;
    }

    /** The global indexes of a batch's events: those its tokens prove, the others in one query. */
    private Map<String, Long> globalIndexes(Collection<String> eventIds) {
        Map<String, Long> found = new HashMap<>();
        GlobalIndexes.provenByTokens(BatchRows.currentBatch()).forEach((eventId, index) -> {
            if (eventIds.contains(eventId)) {
                found.put(eventId, index);
            }
        });
        String[] unproven = eventIds.stream().filter(eventId -> !found.containsKey(eventId)).toArray(String[]::new);
        if (unproven.length > 0) {
            jdbc.query("select event_identifier, global_index from domain_event_entry where event_identifier = any(?)",
                    (ResultSet rs) -> {
                        found.put(rs.getString(1), rs.getLong(2));
                    },
                    (Object) unproven);
        }
        return found;
    }

    private static void document(TimelineRow row, DocumentRef document) {
        if (document != null) {
            row.documentType = document.type();
            row.documentId = document.id();
            row.documentLine = document.line();
        }
    }
}
