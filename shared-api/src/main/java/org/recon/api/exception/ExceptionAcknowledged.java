package org.recon.api.exception;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** The owning team has taken the exception on. */
public record ExceptionAcknowledged(
        String exceptionId,
        PositionId positionId,
        String actor,
        Instant acknowledgedAt) {
}
