package org.recon.api.exception;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;

/** A real disagreement now has an owner team, a priority and an SLA. */
public record ExceptionOpened(
        String exceptionId,
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
