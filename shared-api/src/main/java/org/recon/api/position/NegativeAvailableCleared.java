package org.recon.api.position;

import org.recon.api.common.PositionId;

import java.time.Instant;

/** Available is back at zero or above. */
public record NegativeAvailableCleared(
        PositionId positionId,
        long available,
        Instant clearedAt,
        String causeEventId) {
}
