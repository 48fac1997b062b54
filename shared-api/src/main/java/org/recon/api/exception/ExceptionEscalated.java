package org.recon.api.exception;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** The exception was not acknowledged within its SLA. */
public record ExceptionEscalated(
        String exceptionId,
        PositionId positionId,
        Priority priority,
        String team,
        Instant slaDueAt,
        Instant escalatedAt) {
}
