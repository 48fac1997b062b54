package org.recon.api.exception;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** The condition behind the exception cleared before anyone resolved it. */
public record AutoResolveException(
        @TargetAggregateIdentifier String exceptionId,
        String cause,
        Map<String,
        Object> evidence) {
}
