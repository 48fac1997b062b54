package org.recon.command.identity;

import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.recon.support.axon.AxonModule;
import org.recon.support.axon.HandledEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;

/** Identity aggregates and the lookups the edge reads, updated in the same transaction as their events. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    AxonModule identityModule(JdbcClient jdbc) {
        return configurer -> {
            configurer.registerComponent(Clock.class, config -> Clock.systemUTC())
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(CatalogSku.class))
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(CatalogLocation.class))
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(IdentityAlias.class))
                    .configureAggregate(AggregateConfigurer.defaultConfiguration(InboxMessage.class));
            configurer.eventProcessing()
                    .registerSubscribingEventProcessor(IdentityDirectoryProjection.PROCESSING_GROUP,
                            HandledEvents.by(IdentityDirectoryProjection.class))
                    .registerListenerInvocationErrorHandler(IdentityDirectoryProjection.PROCESSING_GROUP,
                            config -> PropagatingErrorHandler.instance())
                    .registerEventHandler(config -> new IdentityDirectoryProjection(jdbc));
        };
    }
}
