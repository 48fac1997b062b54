package org.recon.command.identity;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.recon.api.identity.LocationRegistered;
import org.recon.api.identity.RegisterLocation;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A location in the catalog: canonical once registered. */
class CatalogLocation {

    @AggregateIdentifier
    private String catalogId;
    private boolean registered;

    CatalogLocation() {
        // required by Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterLocation command, Clock clock) {
        if (!registered) {
            apply(new LocationRegistered(command.location(), command.description(), command.actor(), clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(LocationRegistered event) {
        catalogId = "location:" + event.location().value();
        registered = true;
    }
}
