package org.recon.api.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An observation as received, with each state compared to the system's expected view; a stale one is kept but not applied. */
public record ObservationRecorded(
        PositionId positionId,
        SystemId system,
        String eventId,
        Instant observedAt,
        Instant recordedAt,
        String actor,
        Map<String,
        Long> quantities,
        List<ObservedState> states,
        boolean stale) {
}
