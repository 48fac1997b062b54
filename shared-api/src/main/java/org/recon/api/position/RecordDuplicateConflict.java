package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

/** Keeps a delivery that reused an {@code eventId} with different content, as evidence. */
public record RecordDuplicateConflict(
        @TargetAggregateIdentifier PositionId positionId,
        SystemId system,
        String eventId,
        String originalFingerprint,
        String attemptFingerprint,
        String attempt,
        String actor) {
}
