package org.recon.command.exception;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.recon.command.config.ReconProperties;
import org.recon.support.axon.AxonModule;
import org.recon.support.axon.HandledEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.DeserializationFeature;

import java.util.HashMap;
import java.util.Map;

/**
 * Wires the exception aggregate, the exception saga (JDBC saga store on PostgreSQL, its own tracking
 * processor, errors propagated so a failing event is retried rather than skipped) and the recurrence
 * index into the hand-built Axon configuration.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class ExceptionAxonConfiguration {

    /** Axon's default processing group name for a saga type. */
    static final String SAGA_PROCESSOR = ExceptionSaga.class.getSimpleName() + "Processor";

    /** The Flyway tables of V1_0, in snake_case. */
    static final SagaSchema SAGA_SCHEMA = new SagaSchema.Builder()
            .sagaEntryTable("saga_entry")
            .sagaIdColumn("saga_id")
            .revisionColumn("revision")
            .sagaTypeColumn("saga_type")
            .serializedSagaColumn("serialized_saga")
            .associationValueEntryTable("association_value_entry")
            .associationKeyColumn("association_key")
            .associationValueColumn("association_value")
            .build();

    @Bean
    RecurrenceIndex exceptionRecurrenceIndex(JdbcTemplate jdbcTemplate) {
        return new RecurrenceIndex(jdbcTemplate);
    }

    @Bean
    ExceptionRules exceptionRules(ReconProperties properties, RecurrenceIndex recurrenceIndex) {
        Map<String, String> teams = new HashMap<>();
        properties.systems().forEach((system, settings) -> teams.put(system.toUpperCase(), settings.ownerTeam()));
        Map<String, String> ownership = new HashMap<>();
        properties.ownership().forEach((state, system) -> ownership.put(state.toLowerCase(), system.toUpperCase()));
        ReconProperties.Sla sla = properties.sla();
        return new ExceptionRules(new RoutingPolicy(teams, ownership), new PriorityPolicy(),
                new SlaPolicy(sla.p1(), sla.p2(), sla.p3(), sla.p4()), new RecurrencePolicy(recurrenceIndex),
                properties.window().standard(), properties.window().highRisk());
    }

    @Bean
    AxonModule exceptionModule(ExceptionRules rules, RecurrenceIndex recurrenceIndex,
                               ConnectionProvider connectionProvider) {
        Serializer sagaSerializer = sagaSerializer();
        return configurer -> {
            configurer.configureAggregate(ReconciliationException.class);
            configurer.registerComponent(ExceptionRules.class, c -> rules);
            configurer.eventProcessing()
                    .registerSaga(ExceptionSaga.class, saga -> saga.configureSagaStore(c -> JdbcSagaStore.builder()
                            .connectionProvider(connectionProvider)
                            .sqlSchema(new PostgresSagaSqlSchema(SAGA_SCHEMA))
                            .serializer(sagaSerializer)
                            .build()))
                    // starts at the head on first start: sagas react to what happens from now on, not to history
                    .registerTrackingEventProcessor(SAGA_PROCESSOR, Configuration::eventStore, c ->
                            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                    .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                    // Axon's default logs and skips a failing event: a skipped StepOverdue would lose an exception
                    .registerListenerInvocationErrorHandler(SAGA_PROCESSOR, c -> PropagatingErrorHandler.instance())
                    .registerEventHandler(c -> recurrenceIndex)
                    .registerSubscribingEventProcessor(RecurrenceIndex.PROCESSING_GROUP, HandledEvents.by(RecurrenceIndex.class))
                    .registerListenerInvocationErrorHandler(RecurrenceIndex.PROCESSING_GROUP,
                            c -> PropagatingErrorHandler.instance());
        };
    }

    /**
     * Sagas keep their state in private fields without getters: this serializer reads fields, and
     * leaves out the transient injected resources.
     */
    static Serializer sagaSerializer() {
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder
                        .changeDefaultVisibility(v -> v.withFieldVisibility(Visibility.ANY)
                                .withGetterVisibility(Visibility.NONE)
                                .withIsGetterVisibility(Visibility.NONE)
                                .withSetterVisibility(Visibility.NONE))
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
                .lenientDeserialization()
                .build();
    }
}
