package org.recon.api.identity;

import org.recon.api.common.LocationCode;

import java.time.Instant;

/** The location is canonical from now on. */
public record LocationRegistered(
        LocationCode location,
        String description,
        String actor,
        Instant registeredAt) {
}
