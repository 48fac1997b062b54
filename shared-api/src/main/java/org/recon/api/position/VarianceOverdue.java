package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** A variance still stood when its window ended. */
public record VarianceOverdue(
        PositionId positionId,
        String varianceId,
        SystemId system,
        String state,
        long reported,
        long expected,
        long unexplained,
        long inFlight,
        String reasonCode,
        boolean highRisk,
        Instant detectedAt,
        Instant overdueAt,
        String observationEventId) {
}
