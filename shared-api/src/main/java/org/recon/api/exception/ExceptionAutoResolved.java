package org.recon.api.exception;

import org.recon.api.common.PositionId;

import java.time.Instant;
import java.util.Map;

/** The condition cleared on its own (late acknowledgement, corrected observation). */
public record ExceptionAutoResolved(
        String exceptionId,
        PositionId positionId,
        String cause,
        Map<String,
        Object> evidence,
        Instant resolvedAt) {
}
