package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** A variance was explained (late movement, corrected observation). */
public record VarianceCleared(
        PositionId positionId,
        String varianceId,
        SystemId system,
        String state,
        Instant detectedAt,
        Instant clearedAt,
        long durationMillis,
        String causeEventId) {
}
