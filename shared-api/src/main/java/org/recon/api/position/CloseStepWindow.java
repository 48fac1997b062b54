package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;

/** Sent when a step's reconciliation window ends: the position decides whether the step is overdue. */
public record CloseStepWindow(
        @TargetAggregateIdentifier PositionId positionId,
        String stepId) {
}
