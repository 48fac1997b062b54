package org.recon.api.position;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;

/** A transfer shipped elsewhere is on its way here: {@code incoming} rises until it is received. */
public record TransferArrivalExpected(
        PositionId positionId,
        LocationCode fromLocation,
        SystemId system,
        String eventId,
        DocumentRef document,
        long quantity,
        Instant occurredAt,
        Instant recordedAt,
        String actor,
        Map<String,
        Long> changes,
        StepState step) {
}
