package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;

/** A system's absolute view of some states of one position at one moment. */
public record RecordObservation(
        @TargetAggregateIdentifier PositionId positionId,
        SystemId system,
        String eventId,
        Instant observedAt,
        Map<String,
        Long> quantities,
        String actor) {
}
