package org.recon.api.identity;

import org.recon.api.common.LocationCode;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** A system's location code now means this canonical location. */
public record LocationAliasMapped(
        String aliasId,
        SystemId system,
        String externalLocation,
        LocationCode location,
        String actor,
        Instant mappedAt) {
}
