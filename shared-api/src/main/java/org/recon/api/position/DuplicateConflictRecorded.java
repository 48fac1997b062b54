package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** A delivery reused an {@code eventId} with different content; nothing was applied, the attempt is kept. */
public record DuplicateConflictRecorded(
        PositionId positionId,
        SystemId system,
        String eventId,
        String originalFingerprint,
        String attemptFingerprint,
        String attempt,
        String actor,
        Instant recordedAt) {
}
