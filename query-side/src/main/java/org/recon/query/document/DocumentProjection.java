package org.recon.query.document;

import jakarta.persistence.EntityManager;
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
import org.axonframework.messaging.Message;
import org.recon.query.operations.BatchRows;
import org.recon.query.operations.Projection;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Each business step of each document as the position last described it (the StepState after the event). */
@Component
@ProcessingGroup(DocumentProjection.GROUP)
public class DocumentProjection implements Projection {

    public static final String GROUP = "documents";

    private final DocumentStepRepository steps;
    private final JsonMapper json;
    private final EntityManager entityManager;

    public DocumentProjection(DocumentStepRepository steps, JsonMapper json, EntityManager entityManager) {
        this.steps = steps;
        this.json = json;
        this.entityManager = entityManager;
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
        steps.deleteAllInBatch();
    }

    private void record(PositionId position, StepState step) {
        if (step == null || step.document() == null || step.stepId() == null) {
            return;
        }
        DocumentStepRow.Key key = keyOf(position, step);
        BatchRows<DocumentStepRow.Key, DocumentStepRow> batch = batchRows();
        DocumentStepRow row = batch.get(key);
        if (row == null) {
            row = new DocumentStepRow(key);
        }
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
        BatchRows.store(entityManager, row, row.isNew());
        batch.put(key, row);
    }

    private static DocumentStepRow.Key keyOf(PositionId position, StepState step) {
        return step == null || step.document() == null || step.stepId() == null ? null
                : new DocumentStepRow.Key(position.asString(), step.stepId());
    }

    /** The steps the batch's events describe, read with one query. */
    private BatchRows<DocumentStepRow.Key, DocumentStepRow> batchRows() {
        return BatchRows.current(GROUP + "/steps", DocumentProjection::keyOf,
                keys -> {
                    Map<DocumentStepRow.Key, DocumentStepRow> found = new HashMap<>();
                    steps.findAllById(keys).forEach(row -> found.put(row.key, row));
                    return found;
                },
                key -> steps.findById(key).orElse(null));
    }

    private static DocumentStepRow.Key keyOf(Message<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof MovementRecorded e) {
            return keyOf(e.positionId(), e.step());
        } else if (payload instanceof TransferArrivalExpected e) {
            return keyOf(e.positionId(), e.step());
        } else if (payload instanceof StepAwaitingReports e) {
            return keyOf(e.positionId(), e.step());
        } else if (payload instanceof StepCompleted e) {
            return keyOf(e.positionId(), e.step());
        } else if (payload instanceof StepOverdue e) {
            return keyOf(e.positionId(), e.step());
        }
        return null;
    }

    private static Map<String, Long> bySystem(Map<SystemId, Long> quantities) {
        Map<String, Long> out = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach((system, quantity) -> out.put(system.value(), quantity));
        }
        return out;
    }
}
