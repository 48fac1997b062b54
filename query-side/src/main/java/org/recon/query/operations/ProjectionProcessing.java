package org.recon.query.operations;

import static org.recon.support.concurrent.DaemonThreads.named;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.recon.support.axon.AxonModule;
import org.recon.support.axon.AxonPersistence;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * One pooled streaming processor per read model, named after its processing group. Each event's
 * read-model writes and the token update commit in one JPA transaction; a failing event is parked
 * in the group's dead-letter queue with the rest of its aggregate's sequence, other aggregates go on.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionProcessing {

    static final DeadLetterSchema DEAD_LETTER_SCHEMA = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("aggregate_type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    @Bean
    ProjectionGroups projectionGroups(List<Projection> projections) {
        Set<String> groups = new LinkedHashSet<>();
        projections.forEach(p -> groups.add(groupOf(p)));
        return new ProjectionGroups(List.copyOf(groups));
    }

    /**
     * The shared serializer, also allowed to read the {@code context} of Axon's {@code ReplayToken}
     * (typed as {@code Object}), which Jackson 3's default validator refuses: without it a processor
     * cannot claim its segments again after a replay.
     */
    static Serializer tokenSerializer() {
        PolymorphicTypeValidator axonTypes = BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("java.lang.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.time.")
                .build();
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder
                        .polymorphicTypeValidator(axonTypes)
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES))
                .lenientDeserialization()
                .build();
    }

    @Bean
    AxonModule projectionModule(List<Projection> projections, ProjectionGroups groups, TransactionManager transactionManager,
                                ConnectionProvider connectionProvider, Serializer eventSerializer,
                                ProjectionProperties properties) {
        Serializer serializer = tokenSerializer();
        TokenStore tokenStore = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(AxonPersistence.TOKEN_SCHEMA)
                .contentType(byte[].class)
                .build();
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing();
            for (String group : groups.names()) {
                processing.registerPooledStreamingEventProcessor(group,
                                org.axonframework.config.Configuration::eventStore,
                                (config, builder) -> builder
                                        .batchSize(properties.batchSize())
                                        .initialSegmentCount(properties.segments())
                                        .tokenClaimInterval(1000)
                                        // a segment whose recent events were all for other read models stores its
                                        // advanced token only this often: the status (read from the stored tokens)
                                        // showed such a processor replaying up to Axon's default 5 s after it was done
                                        .claimExtensionThreshold(1000)
                                        .workerExecutor(Executors.newScheduledThreadPool(properties.workerThreads(),
                                                named("recon-" + group + "-worker")))
                                        .coordinatorExecutor(new CoordinatorScheduler(named("recon-" + group + "-coordinator"))))
                        .registerTokenStore(group, c -> tokenStore)
                        .registerTransactionManager(group, c -> transactionManager)
                        .registerSequencingPolicy(group, c -> SequentialPerAggregatePolicy.instance())
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance())
                        // without it every event costs a dead-letter lookup per processor, even with an empty queue
                        .registerDeadLetteringEventHandlerInvokerConfiguration(group,
                                (c, invoker) -> invoker.enableSequenceIdentifierCache())
                        .registerDeadLetterQueue(group, c -> JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(group)
                                .connectionProvider(connectionProvider)
                                .transactionManager(transactionManager)
                                .schema(DEAD_LETTER_SCHEMA)
                                .genericSerializer(serializer)
                                .eventSerializer(eventSerializer)
                                .maxSequences(properties.maxDeadSequences())
                                .build());
            }
            projections.forEach(p -> processing.registerEventHandler(c -> p));
        };
    }

    static String groupOf(Projection projection) {
        ProcessingGroup group = org.springframework.core.annotation.AnnotationUtils.findAnnotation(
                org.springframework.aop.support.AopUtils.getTargetClass(projection), ProcessingGroup.class);
        if (group == null) {
            throw new IllegalStateException(projection.getClass() + " has no @ProcessingGroup");
        }
        return group.value();
    }
}
