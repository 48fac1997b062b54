package org.recon.api.exception;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The acknowledgement SLA has passed. */
public record EscalateException(
        @TargetAggregateIdentifier String exceptionId) {
}
