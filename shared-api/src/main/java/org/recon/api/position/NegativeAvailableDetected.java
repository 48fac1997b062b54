package org.recon.api.position;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** Available fell below zero (oversold): an exception opens at once. */
public record NegativeAvailableDetected(
        PositionId positionId,
        long available,
        boolean highRisk,
        Instant detectedAt,
        String causeEventId) {
}
