package org.recon.query.timeline;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
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
import org.recon.query.operations.Projection;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Map;

/**
 * Every event that touches a position, keyed by its global index (so a redelivery writes the same
 * row). {@code type} is the movement type for movements, the event's name in upper snake case otherwise.
 */
@Component
@ProcessingGroup(TimelineProjection.GROUP)
public class TimelineProjection implements Projection {

    public static final String GROUP = "timeline";

    private final TimelineRepository timeline;
    private final JsonMapper json;

    public TimelineProjection(TimelineRepository timeline, JsonMapper json) {
        this.timeline = timeline;
        this.json = json;
    }

    @EventHandler
    void on(MovementRecorded e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), e.type().name(), e.system(), e.eventId(), e.occurredAt(), at);
        document(row, e.document());
        row.changes = json.writeValueAsString(e.changes() == null ? Map.of() : e.changes());
        row.reason = e.reason() != null ? e.reason().code() : e.sourceReason();
        row.actor = e.actor();
        row.exceptionId = e.exceptionId();
        timeline.save(row);
    }

    @EventHandler
    void on(PositionCorrected e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "POSITION_CORRECTED", e.system(), e.eventId(), e.occurredAt(), at);
        row.changes = json.writeValueAsString(e.changes() == null ? Map.of() : e.changes());
        row.reason = e.reason() == null ? null : e.reason().code();
        row.actor = e.actor();
        timeline.save(row);
    }

    @EventHandler
    void on(TransferArrivalExpected e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "TRANSFER_ARRIVAL_EXPECTED", e.system(), e.eventId(),
                e.occurredAt(), at);
        document(row, e.document());
        row.changes = json.writeValueAsString(e.changes() == null ? Map.of() : e.changes());
        row.actor = e.actor();
        timeline.save(row);
    }

    @EventHandler
    void on(ObservationRecorded e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "OBSERVATION_RECORDED", e.system(), e.eventId(), e.observedAt(), at);
        row.reason = e.stale() ? "stale" : null;
        row.actor = e.actor();
        timeline.save(row);
    }

    @EventHandler
    void on(VarianceDetected e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "VARIANCE_DETECTED", e.system(), e.observationEventId(),
                e.detectedAt(), at);
        row.reason = e.reasonCode();
        timeline.save(row);
    }

    @EventHandler
    void on(VarianceCleared e, TrackingToken token, @Timestamp Instant at) {
        timeline.save(row(token, e.positionId(), "VARIANCE_CLEARED", e.system(), e.causeEventId(), e.clearedAt(), at));
    }

    @EventHandler
    void on(VarianceOverdue e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "VARIANCE_OVERDUE", e.system(), e.observationEventId(),
                e.overdueAt(), at);
        row.reason = e.reasonCode();
        timeline.save(row);
    }

    @EventHandler
    void on(StepAwaitingReports e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "STEP_AWAITING_REPORTS", null, e.firstEventId(), e.detectedAt(), at);
        document(row, e.step() == null ? null : e.step().document());
        timeline.save(row);
    }

    @EventHandler
    void on(StepCompleted e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "STEP_COMPLETED", null, e.causeEventId(), e.completedAt(), at);
        document(row, e.step() == null ? null : e.step().document());
        timeline.save(row);
    }

    @EventHandler
    void on(StepOverdue e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "STEP_OVERDUE", null, null, e.overdueAt(), at);
        document(row, e.step() == null ? null : e.step().document());
        timeline.save(row);
    }

    @EventHandler
    void on(NegativeAvailableDetected e, TrackingToken token, @Timestamp Instant at) {
        timeline.save(row(token, e.positionId(), "NEGATIVE_AVAILABLE_DETECTED", null, e.causeEventId(), e.detectedAt(), at));
    }

    @EventHandler
    void on(NegativeAvailableCleared e, TrackingToken token, @Timestamp Instant at) {
        timeline.save(row(token, e.positionId(), "NEGATIVE_AVAILABLE_CLEARED", null, e.causeEventId(), e.clearedAt(), at));
    }

    @EventHandler
    void on(DuplicateConflictRecorded e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "DUPLICATE_CONFLICT_RECORDED", e.system(), e.eventId(),
                e.recordedAt(), at);
        row.actor = e.actor();
        timeline.save(row);
    }

    @EventHandler
    void on(ExceptionOpened e, TrackingToken token, @Timestamp Instant at) {
        TimelineRow row = row(token, e.positionId(), "EXCEPTION_OPENED", e.system(), null, e.openedAt(), at);
        row.reason = e.reason().name();
        row.exceptionId = e.exceptionId();
        timeline.save(row);
    }

    @EventHandler
    void on(ExceptionAcknowledged e, TrackingToken token, @Timestamp Instant at) {
        exception(token, e.positionId(), "EXCEPTION_ACKNOWLEDGED", e.exceptionId(), e.actor(), e.acknowledgedAt(), at, null);
    }

    @EventHandler
    void on(ExceptionAssigned e, TrackingToken token, @Timestamp Instant at) {
        exception(token, e.positionId(), "EXCEPTION_ASSIGNED", e.exceptionId(), e.actor(), e.assignedAt(), at, null);
    }

    @EventHandler
    void on(ExceptionEscalated e, TrackingToken token, @Timestamp Instant at) {
        exception(token, e.positionId(), "EXCEPTION_ESCALATED", e.exceptionId(), null, e.escalatedAt(), at, null);
    }

    @EventHandler
    void on(ExceptionResolved e, TrackingToken token, @Timestamp Instant at) {
        exception(token, e.positionId(), "EXCEPTION_RESOLVED", e.exceptionId(), e.actor(), e.resolvedAt(), at,
                e.resolution().name());
    }

    @EventHandler
    void on(ExceptionAutoResolved e, TrackingToken token, @Timestamp Instant at) {
        exception(token, e.positionId(), "EXCEPTION_AUTO_RESOLVED", e.exceptionId(), null, e.resolvedAt(), at, e.cause());
    }

    @ResetHandler
    void reset() {
        timeline.deleteAllInBatch();
    }

    private void exception(TrackingToken token, PositionId position, String type, String exceptionId, String actor,
                           Instant occurredAt, Instant at, String reason) {
        TimelineRow row = row(token, position, type, null, null, occurredAt, at);
        row.exceptionId = exceptionId;
        row.actor = actor;
        row.reason = reason;
        timeline.save(row);
    }

    private static TimelineRow row(TrackingToken token, PositionId position, String type, SystemId system,
                                   String eventId, Instant occurredAt, Instant recordedAt) {
        long index = token.position().orElseThrow(() -> new IllegalStateException("token without a position: " + token));
        TimelineRow row = new TimelineRow(index, position.asString(), type);
        row.system = system == null ? null : system.value();
        row.eventId = eventId;
        row.occurredAt = occurredAt;
        row.recordedAt = recordedAt;
        row.changes = "{}";
        return row;
    }

    private static void document(TimelineRow row, DocumentRef document) {
        if (document != null) {
            row.documentType = document.type();
            row.documentId = document.id();
            row.documentLine = document.line();
        }
    }
}
