package org.recon.support.axon;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.DeserializationFeature;

import javax.sql.DataSource;

/**
 * Axon's infrastructure on PostgreSQL through JDBC: the event store, the token store and the
 * serializer both services use. Tables are created by Flyway ({@code db/axon}); the schemas below
 * name them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventStoreProperties.class)
public class AxonPersistence {

    /** PostgreSQL's SQLState for a unique-key violation. */
    static final String UNIQUE_VIOLATION = "23505";

    public static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .eventIdentifierColumn("event_identifier")
            .metaDataColumn("meta_data")
            .payloadColumn("payload")
            .payloadRevisionColumn("payload_revision")
            .payloadTypeColumn("payload_type")
            .timestampColumn("time_stamp")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .build();

    public static final TokenSchema TOKEN_SCHEMA = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    /** Events, snapshots, tokens and sagas are JSON (Jackson 3) in {@code bytea}: readable by auditors' own tools. */
    @Bean
    public Serializer axonSerializer() {
        return Jackson3Serializer.builder()
                .jsonMapperBuilderCustomizer(builder -> builder
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES))
                .lenientDeserialization()
                .build();
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /** A duplicate {@code (aggregate_identifier, sequence_number)} becomes Axon's {@code ConcurrencyException}. */
    @Bean
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean
    public EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 Serializer serializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 EventStoreProperties properties) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .schema(EVENT_SCHEMA)
                .batchSize(properties.batchSize())
                .gapTimeout(properties.gapTimeoutMillis())
                .maxGapOffset(properties.maxGapOffset())
                .lowestGlobalSequence(1)
                .build();
    }

    /** {@code LISTEN/NOTIFY} between the processes that share the event store; see {@link EventNotifications}. */
    @Bean(destroyMethod = "close")
    public EventNotifications eventNotifications(DataSource dataSource, EventStoreProperties properties) {
        return new EventNotifications(dataSource, properties.wakeIntervalMillis());
    }

    /**
     * Axon's embedded store, with streams that wake their processors when events arrive (see {@link LiveEventStore}),
     * and woken by other processes' commits when {@code recon.event-store.notifications} is on.
     */
    @Bean(destroyMethod = "shutDown")
    public LiveEventStore eventStore(EventStorageEngine storageEngine, EventStoreProperties properties,
                                     EventNotifications notifications) {
        LiveEventStore store = LiveEventStore.create(EmbeddedEventStore.builder()
                        .fetchDelay(properties.fetchDelayMillis())
                        .cachedEvents(properties.cachedEvents())
                        .cleanupDelay(10_000),
                storageEngine, notifications::eventsCommitted, properties.wakeIntervalMillis(),
                new LiveEventStore.CatchUp(properties.batchSize(), properties.catchUpPages()));
        if (properties.notifications()) {
            notifications.start(store::eventsCommittedElsewhere);
        }
        return store;
    }

    @Bean
    public TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TOKEN_SCHEMA)
                .contentType(byte[].class)
                .build();
    }
}
