package org.recon.api.exception;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;

/** Opens a reconciliation exception for a disagreement that outlived its window (or needs none). */
public record OpenException(
        @TargetAggregateIdentifier String exceptionId,
        PositionId positionId,
        SystemId system,
        String state,
        ExceptionReason reason,
        Priority priority,
        String team,
        Instant openedAt,
        Instant slaDueAt,
        Map<String,
        Object> evidence,
        String recurrenceOf,
        String trigger) {
}
