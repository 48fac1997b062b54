package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** Raises {@code incoming} at a transfer's destination; sent when the origin records {@code TRANSFER_SHIPPED}. */
public record ExpectTransferArrival(
        @TargetAggregateIdentifier PositionId positionId,
        LocationCode fromLocation,
        SystemId system,
        String eventId,
        DocumentRef document,
        long quantity,
        Instant occurredAt,
        String actor) {
}
