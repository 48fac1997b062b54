package org.recon.command.identity;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.recon.api.identity.LocationAliasMapped;
import org.recon.api.identity.MapLocationAlias;
import org.recon.api.identity.MapSkuAlias;
import org.recon.api.identity.SkuAliasMapped;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One system's own SKU or location code and the canonical code it stands for; remapping is recorded. */
class IdentityAlias {

    @AggregateIdentifier
    private String aliasId;
    private String canonical;

    IdentityAlias() {
        // required by Axon
    }

    static String skuAliasId(String system, String externalSku) {
        return "sku-alias:" + system + ":" + externalSku;
    }

    static String locationAliasId(String system, String externalLocation) {
        return "location-alias:" + system + ":" + externalLocation;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(MapSkuAlias command, Clock clock) {
        if (!command.sku().value().equals(canonical)) {
            apply(new SkuAliasMapped(command.aliasId(), command.system(), command.externalSku(), command.sku(),
                    command.actor(), clock.instant()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(MapLocationAlias command, Clock clock) {
        if (!command.location().value().equals(canonical)) {
            apply(new LocationAliasMapped(command.aliasId(), command.system(), command.externalLocation(),
                    command.location(), command.actor(), clock.instant()));
        }
    }

    @EventSourcingHandler
    void on(SkuAliasMapped event) {
        aliasId = event.aliasId();
        canonical = event.sku().value();
    }

    @EventSourcingHandler
    void on(LocationAliasMapped event) {
        aliasId = event.aliasId();
        canonical = event.location().value();
    }
}
