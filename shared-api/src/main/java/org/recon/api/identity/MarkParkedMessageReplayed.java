package org.recon.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the outcome of replaying a parked message. */
public record MarkParkedMessageReplayed(
        @TargetAggregateIdentifier String inboxId,
        String outcome,
        String detail,
        String actor) {
}
