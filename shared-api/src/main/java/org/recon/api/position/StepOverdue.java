package org.recon.api.position;

import org.recon.api.common.PositionId;

import java.time.Instant;
import java.util.List;

/** A step was still incomplete when its window ended. */
public record StepOverdue(
        PositionId positionId,
        String stepId,
        StepState step,
        List<LaggingReporter> lagging,
        boolean highRisk,
        Instant detectedAt,
        Instant overdueAt) {
}
