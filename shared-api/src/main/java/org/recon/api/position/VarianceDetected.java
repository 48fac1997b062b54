package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Duration;
import java.time.Instant;

/** A system's observation is off by more than the tolerance and in-flight steps explain. */
public record VarianceDetected(
        PositionId positionId,
        String varianceId,
        SystemId system,
        String state,
        long reported,
        long expected,
        long unexplained,
        long inFlight,
        String reasonCode,
        boolean ownerObservation,
        boolean highRisk,
        Duration window,
        Instant detectedAt,
        String observationEventId) {
}
