package org.recon.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.LocationCode;
import org.recon.api.common.SystemId;

/** Maps a system's own location code to a canonical location. */
public record MapLocationAlias(
        @TargetAggregateIdentifier String aliasId,
        SystemId system,
        String externalLocation,
        LocationCode location,
        String actor) {
}
