package org.recon.api.exception;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** The owner closed the exception; an adjustment, if any, is applied to the position as an ADJUSTED movement. */
public record ExceptionResolved(
        String exceptionId,
        PositionId positionId,
        Resolution resolution,
        String note,
        ResolutionAdjustment adjustment,
        String actor,
        Instant resolvedAt,
        boolean acknowledgedNow) {
}
