package org.recon.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.SystemId;

/** Holds a message that cannot be applied yet (unmapped identity) in the inbox. */
public record ParkMessage(
        @TargetAggregateIdentifier String inboxId,
        SystemId system,
        String eventId,
        String kind,
        String code,
        String detail,
        String externalSku,
        String externalLocation,
        String payload,
        String actor) {
}
