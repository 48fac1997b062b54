package org.recon.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.LocationCode;

/** Registers a canonical location (admin), or marks it canonical because the catalog owner used it. */
public record RegisterLocation(
        LocationCode location,
        String description,
        String actor) {

    /** SKU and location codes may be equal: their catalog entries are kept apart by prefix. */
    @TargetAggregateIdentifier
    public String catalogId() {
        return "location:" + location.value();
    }
}
