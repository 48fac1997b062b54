package org.recon.query.document;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.StepState;
import org.recon.api.position.TransferArrivalExpected;
import org.recon.query.operations.BatchWrites;
import org.recon.query.operations.BulkInsert;
import org.recon.query.operations.Projection;
import org.recon.query.operations.SqlTimestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Each business step of each document as the position last described it (the StepState after the event). */
@Component
@ProcessingGroup(DocumentProjection.GROUP)
public class DocumentProjection implements Projection {

    public static final String GROUP = "documents";

    private static final BulkInsert<DocumentStepRow> ROWS = BulkInsert.upserting("qry_document_step",
            List.of("position_id", "step_id", "document_type", "document_id", "line", "sku", "location", "movement_type",
                    "authority", "effective", "provisional", "reported", "in_flight", "complete", "first_reported_at"),
            List.of("position_id", "step_id"),
            row -> new Object[] {row.key.positionId(), row.key.stepId(), row.documentType, row.documentId, row.line,
                    row.sku, row.location, row.movementType, row.authority, row.effective, row.provisional,
                    row.reported, row.inFlight, row.complete, SqlTimestamps.utc(row.firstReportedAt)});

    private final JsonMapper json;
    private final JdbcTemplate jdbc;

    public DocumentProjection(JsonMapper json, JdbcTemplate jdbc) {
        this.json = json;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MovementRecorded e) {
        record(e.positionId(), e.step());
    }

    @EventHandler
    void on(TransferArrivalExpected e) {
        record(e.positionId(), e.step());
    }

    @EventHandler
    void on(StepAwaitingReports e) {
        record(e.positionId(), e.step());
    }

    @EventHandler
    void on(StepCompleted e) {
        record(e.positionId(), e.step());
    }

    @EventHandler
    void on(StepOverdue e) {
        record(e.positionId(), e.step());
    }

    @ResetHandler
    void reset() {
        jdbc.execute("delete from qry_document_step");
    }

    private void record(PositionId position, StepState step) {
        DocumentStepRow.Key key = keyOf(position, step);
        if (key == null) {
            return;
        }
        DocumentStepRow row = new DocumentStepRow(key);
        row.documentType = step.document().type();
        row.documentId = step.document().id();
        row.line = step.document().line();
        row.sku = position.sku().value();
        row.location = position.location().value();
        row.movementType = step.type() == null ? null : step.type().name();
        row.authority = step.authority() == null ? null : step.authority().value();
        row.effective = step.effective();
        row.provisional = step.provisional();
        row.reported = json.writeValueAsString(bySystem(step.reported()));
        row.inFlight = json.writeValueAsString(bySystem(step.inFlight()));
        row.complete = step.complete();
        row.firstReportedAt = step.firstReportedAt();
        BatchWrites.<DocumentStepRow.Key, DocumentStepRow>current(GROUP + "/steps", this::upsertAll).put(key, row);
    }

    private static DocumentStepRow.Key keyOf(PositionId position, StepState step) {
        return step == null || step.document() == null || step.stepId() == null ? null
                : new DocumentStepRow.Key(position.asString(), step.stepId());
    }

    /**
     * Every column comes from the event (the step as the position last described it), so a row is written without
     * reading it first, whether it is new or not.
     */
    private void upsertAll(Collection<DocumentStepRow> rows) {
        ROWS.writeAll(jdbc, rows);
    }

    private static Map<String, Long> bySystem(Map<SystemId, Long> quantities) {
        Map<String, Long> out = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach((system, quantity) -> out.put(system.value(), quantity));
        }
        return out;
    }
}
