package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;

/**
 * A system's own view of a state moved without the reconciled value moving: a non-owner's
 * adjustment (or the owner's matching one absorbing it), so shrinkage posted twice counts once.
 */
public record ExpectedViewAdjusted(
        PositionId positionId,
        SystemId system,
        String state,
        long delta,
        String eventId,
        Instant recordedAt) {
}
