package org.recon.api.position;

import org.recon.api.common.PositionId;

import java.time.Duration;
import java.time.Instant;

/** A step became incomplete: an expected reporter is behind or a system is ahead of the authority. Its window starts now. */
public record StepAwaitingReports(
        PositionId positionId,
        String stepId,
        StepState step,
        boolean highRisk,
        Duration window,
        Instant detectedAt,
        String firstEventId) {
}
