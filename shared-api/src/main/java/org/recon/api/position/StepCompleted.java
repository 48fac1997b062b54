package org.recon.api.position;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** Every expected reporter reached the effective quantity: the disagreement was timing. */
public record StepCompleted(
        PositionId positionId,
        String stepId,
        StepState step,
        Instant detectedAt,
        Instant completedAt,
        long durationMillis,
        String causeEventId) {
}
