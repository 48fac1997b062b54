package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** One system's report of a business step, normalised at the edge; decided by the position it names. */
public record RecordMovement(
        @TargetAggregateIdentifier PositionId positionId,
        SystemId system,
        String eventId,
        MovementType type,
        Instant occurredAt,
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
        String exceptionId) {
}
