package org.recon.api.exception;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** The exception now belongs to another team. */
public record ExceptionAssigned(
        String exceptionId,
        PositionId positionId,
        String fromTeam,
        String toTeam,
        String actor,
        Instant assignedAt) {
}
