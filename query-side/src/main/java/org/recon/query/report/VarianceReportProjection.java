package org.recon.query.report;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.recon.api.common.PositionId;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;
import org.recon.query.operations.Projection;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One record per disagreement: a variance of an observation, or an expected reporter behind on a
 * step; cleared within its window (timing) or overdue.
 */
@Component
@ProcessingGroup(VarianceReportProjection.GROUP)
public class VarianceReportProjection implements Projection {

    public static final String GROUP = "reports";

    private final VarianceRecordRepository records;

    public VarianceReportProjection(VarianceRecordRepository records) {
        this.records = records;
    }

    @EventHandler
    void on(VarianceDetected e) {
        VarianceRecordRow row = start(e.positionId().asString() + "|V|" + e.varianceId(), "VARIANCE", e.positionId());
        row.system = e.system().value();
        row.state = e.state();
        row.reason = e.reasonCode() == null ? ExceptionReason.SOURCE_MISMATCH.name() : e.reasonCode();
        row.unexplained = e.unexplained();
        row.detectedAt = e.detectedAt();
        records.save(row);
    }

    @EventHandler
    void on(VarianceCleared e) {
        records.findById(e.positionId().asString() + "|V|" + e.varianceId()).ifPresent(row -> {
            row.clearedAt = e.clearedAt();
            row.durationMs = e.durationMillis();
            records.save(row);
        });
    }

    @EventHandler
    void on(VarianceOverdue e) {
        records.findById(e.positionId().asString() + "|V|" + e.varianceId()).ifPresent(row -> {
            row.overdueAt = e.overdueAt();
            records.save(row);
        });
    }

    @EventHandler
    void on(StepAwaitingReports e) {
        if (e.step() == null) {
            return;
        }
        Set<String> behind = new LinkedHashSet<>();
        if (e.step().inFlight() != null) {
            e.step().inFlight().keySet().forEach(s -> behind.add(s.value()));
        }
        if (e.step().overReported() != null) {
            e.step().overReported().keySet().forEach(s -> behind.add(s.value()));
        }
        for (String system : behind) {
            String id = stepPrefix(e.positionId(), e.stepId()) + system;
            if (records.existsById(id)) {
                continue;
            }
            VarianceRecordRow row = start(id, "STEP", e.positionId());
            row.system = system;
            long reported = e.step().reported() == null ? 0 : e.step().reported().entrySet().stream()
                    .filter(r -> r.getKey().value().equals(system)).mapToLong(r -> r.getValue()).sum();
            row.reason = reported == 0 ? ExceptionReason.MISSING_ACKNOWLEDGEMENT.name()
                    : ExceptionReason.QUANTITY_MISMATCH.name();
            row.unexplained = reported - e.step().effective();
            row.detectedAt = e.detectedAt();
            records.save(row);
        }
    }

    @EventHandler
    void on(StepCompleted e) {
        for (VarianceRecordRow row : records.withPrefix(escape(stepPrefix(e.positionId(), e.stepId())) + "%")) {
            if (row.clearedAt == null) {
                row.clearedAt = e.completedAt();
                row.durationMs = e.completedAt() == null || row.detectedAt == null ? e.durationMillis()
                        : Duration.between(row.detectedAt, e.completedAt()).toMillis();
                records.save(row);
            }
        }
    }

    @EventHandler
    void on(StepOverdue e) {
        for (VarianceRecordRow row : records.withPrefix(escape(stepPrefix(e.positionId(), e.stepId())) + "%")) {
            if (row.overdueAt == null && row.clearedAt == null) {
                row.overdueAt = e.overdueAt();
                e.lagging().stream().filter(l -> l.system().value().equals(row.system) && l.reasonCode() != null)
                        .findFirst().ifPresent(l -> row.reason = l.reasonCode());
                records.save(row);
            }
        }
    }

    @ResetHandler
    void reset() {
        records.deleteAllInBatch();
    }

    private static String stepPrefix(PositionId position, String stepId) {
        return position.asString() + "|S|" + stepId + "|";
    }

    private static String escape(String like) {
        return like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static VarianceRecordRow start(String id, String kind, PositionId position) {
        VarianceRecordRow row = new VarianceRecordRow(id);
        row.kind = kind;
        row.positionId = position.asString();
        row.sku = position.sku().value();
        row.location = position.location().value();
        row.detectedAt = Instant.EPOCH;
        return row;
    }
}
