package org.recon.support.axon;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * Builds the service's Axon {@link Configuration} from Axon's own configurer (no Spring Boot
 * auto-configuration is involved) and ties its start and shutdown to the Spring context.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonRuntime {

    /** Metadata keys copied from each command to the events it causes: the audit trail's who, what and why. */
    public static final List<String> AUDIT_METADATA = List.of("system", "eventId", "actor", "reason");

    @Bean
    public Configuration axonConfiguration(EventStore eventStore, TransactionManager transactionManager,
                                           Serializer serializer, TokenStore tokenStore,
                                           ObjectProvider<AxonModule> modules) {
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEventStore(c -> eventStore)
                .configureTransactionManager(c -> transactionManager)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureCorrelationDataProviders(c -> List.<CorrelationDataProvider>of(
                        new MessageOriginProvider(),
                        new SimpleCorrelationDataProvider(AUDIT_METADATA.toArray(String[]::new))))
                // every aggregate's commands are routed through it (AggregateConfigurer's default looks it up)
                .registerComponent(CommandTargetResolver.class, c -> new CachedCommandTargetResolver());
        configurer.eventProcessing().registerTokenStore(c -> tokenStore);
        modules.orderedStream().forEach(module -> module.configure(configurer));
        return configurer.buildConfiguration();
    }

    @Bean
    public CommandGateway commandGateway(Configuration configuration) {
        return configuration.commandGateway();
    }

    @Bean
    public SmartLifecycle axonLifecycle(Configuration configuration) {
        // handlers subscribe before the web server takes requests, and stop after it has drained
        return Lifecycles.of(configuration::start, configuration::shutdown, SmartLifecycle.DEFAULT_PHASE - 4096);
    }
}
