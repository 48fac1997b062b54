package org.recon.api.exception;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An operator takes the exception on. */
public record AcknowledgeException(
        @TargetAggregateIdentifier String exceptionId,
        String actor,
        String actorTeam) {
}
