package org.recon.api.position;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** An accepted movement, with what it changed in the reconciled position and the step it belongs to. */
public record MovementRecorded(
        PositionId positionId,
        SystemId system,
        String eventId,
        MovementType type,
        Instant occurredAt,
        Instant recordedAt,
        long quantity,
        long delta,
        QuantityState state,
        DocumentRef document,
        LocationCode toLocation,
        AdjustmentReason reason,
        String sourceReason,
        String note,
        String actor,
        boolean manual,
        String exceptionId,
        IngestOutcome outcome,
        Map<String,
        Long> changes,
        Set<String> alreadyIncluded,
        StepState step) {
}
