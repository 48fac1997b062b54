package org.recon.api.exception;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Hands the exception to another team. */
public record AssignException(
        @TargetAggregateIdentifier String exceptionId,
        String team,
        String actor,
        String actorTeam) {
}
