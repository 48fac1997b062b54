package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;

/** Sent when a variance's window ends: the position decides whether it still stands. */
public record CloseVarianceWindow(
        @TargetAggregateIdentifier PositionId positionId,
        String varianceId) {
}
