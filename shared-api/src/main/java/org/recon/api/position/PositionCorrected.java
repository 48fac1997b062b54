package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;

/** The owner's count or observation set a state: the unexplained part, applied with its evidence. */
public record PositionCorrected(
        PositionId positionId,
        SystemId system,
        String eventId,
        Instant occurredAt,
        Instant recordedAt,
        String actor,
        AdjustmentReason reason,
        Map<String,
        Long> changes,
        ObservedState evidence) {
}
