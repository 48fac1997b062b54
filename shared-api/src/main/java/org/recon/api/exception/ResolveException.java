package org.recon.api.exception;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Closes the exception with a resolution code and a note; {@code ADJUSTED} carries the adjustment to apply. */
public record ResolveException(
        @TargetAggregateIdentifier String exceptionId,
        Resolution resolution,
        String note,
        ResolutionAdjustment adjustment,
        String actor,
        String actorTeam) {
}
