package org.recon.command.position;

import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.position.MovementType;
import org.recon.command.config.PositionCacheProperties;
import org.recon.command.config.ReconProperties;
import org.recon.support.axon.AxonModule;
import org.recon.support.axon.HandledEvents;
import org.recon.support.axon.CommittedAggregateCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Wires the position aggregate and the rules it decides with, built from {@code recon.*}. */
@Configuration(proxyBeanMethods = false)
class PositionConfiguration {

    @Bean
    PositionRules positionRules(ReconProperties properties, RiskFlagLookup riskFlags) {
        Map<QuantityState, SystemId> owners = new EnumMap<>(QuantityState.class);
        properties.ownership().forEach((state, system) -> {
            if (!"catalog".equalsIgnoreCase(state)) {
                QuantityState quantityState = QuantityState.fromCode(state).orElseThrow(() ->
                        new IllegalStateException("recon.ownership." + state + " is not a quantity state"));
                if (quantityState == QuantityState.AVAILABLE) {
                    throw new IllegalStateException("recon.ownership.available: available is derived and has no owner");
                }
                owners.put(quantityState, requireSystem(properties, system, "recon.ownership." + state));
            }
        });
        for (QuantityState state : QuantityState.STORED) {
            if (!owners.containsKey(state)) {
                throw new IllegalStateException("recon.ownership." + state.code() + " is missing");
            }
        }
        String catalog = properties.ownership().getOrDefault("catalog", "ERP");
        Ownership ownership = new Ownership(owners, requireSystem(properties, catalog, "recon.ownership.catalog"));
        Map<MovementType, List<SystemId>> reporters = new EnumMap<>(MovementType.class);
        properties.expectedReporters().forEach((type, systems) -> reporters.put(MovementType.valueOf(type.toUpperCase()),
                systems.stream().map(system -> requireSystem(properties, system, "recon.expected-reporters." + type)).toList()));
        RiskPolicy risk = new RiskPolicy(riskFlags::isFlagged, properties.lowStockThreshold(),
                properties.tolerance().standard(), properties.window().standard(), properties.window().highRisk(),
                properties.window().transit());
        return new PositionRules(new MovementRules(ownership, reporters), risk, Clock.systemUTC());
    }

    private static SystemId requireSystem(ReconProperties properties, String system, String key) {
        SystemId id = SystemId.of(system);
        if (!properties.systems().containsKey(id.value())) {
            throw new IllegalStateException(key + " names " + system + ", which is not configured under recon.systems");
        }
        return id;
    }

    /**
     * The positions kept in memory between commands, bounded by their number and by what they hold together
     * ({@link PositionCacheProperties}): a position in the cache is neither read back from the event store nor
     * rebuilt from its history for its next command.
     */
    @Bean
    AxonModule positionModule(PositionRules rules, PositionCacheProperties cacheProperties) {
        CommittedAggregateCache cache = new CommittedAggregateCache(cacheProperties.cacheSize(),
                cacheProperties.cacheHeldItems());
        return configurer -> {
            configurer.registerComponent(PositionRules.class, config -> rules)
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(InventoryPosition.class)
                            // safe with several command nodes: a stale entry fails its append with a
                            // ConcurrencyException, the unit of work evicts it, and the retry reloads;
                            // only committed state is ever cached (see CommittedAggregateCache)
                            .configureCache(config -> cache));
            configurer.eventProcessing()
                    .registerSubscribingEventProcessor(TransferRouting.PROCESSING_GROUP,
                            HandledEvents.by(TransferRouting.class, TransferRouting::concernsMessage))
                    .registerListenerInvocationErrorHandler(TransferRouting.PROCESSING_GROUP,
                            config -> PropagatingErrorHandler.instance())
                    .registerEventHandler(config -> new TransferRouting(config.commandGateway()));
        };
    }
}
