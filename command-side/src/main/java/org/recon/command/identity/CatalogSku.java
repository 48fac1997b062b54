package org.recon.command.identity;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.recon.api.common.RiskFlag;
import org.recon.api.identity.RegisterSku;
import org.recon.api.identity.RiskFlagsSet;
import org.recon.api.identity.SetRiskFlags;
import org.recon.api.identity.SkuRegistered;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A SKU in the catalog: canonical once registered, with the risk flags operators set on it. */
class CatalogSku {

    @AggregateIdentifier
    private String catalogId;
    private boolean registered;
    private Set<RiskFlag> flags = EnumSet.noneOf(RiskFlag.class);

    CatalogSku() {
        // required by Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterSku command, Clock clock) {
        if (!registered) {
            apply(new SkuRegistered(command.sku(), command.description(), command.actor(), clock.instant()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetRiskFlags command, Clock clock) {
        Set<RiskFlag> wanted = command.flags().isEmpty() ? EnumSet.noneOf(RiskFlag.class) : EnumSet.copyOf(command.flags());
        if (catalogId == null || !wanted.equals(flags)) {
            apply(new RiskFlagsSet(command.sku(), wanted, command.actor(), clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(SkuRegistered event) {
        catalogId = "sku:" + event.sku().value();
        registered = true;
    }

    @EventSourcingHandler
    void on(RiskFlagsSet event) {
        catalogId = "sku:" + event.sku().value();
        flags = event.flags().isEmpty() ? EnumSet.noneOf(RiskFlag.class) : EnumSet.copyOf(event.flags());
    }
}
