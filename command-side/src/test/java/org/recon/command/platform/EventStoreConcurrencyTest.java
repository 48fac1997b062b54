package org.recon.command.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import org.recon.support.axon.AxonPersistence;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two command nodes appending the same {@code (aggregate_identifier, sequence_number)}: PostgreSQL's
 * unique key refuses the second (SQLState 23505) and the configured {@code SQLStateResolver} turns it
 * into Axon's {@link ConcurrencyException}, which the command side retries (DESIGN section 2).
 */
class EventStoreConcurrencyTest extends CommandSideIntegrationTest {

    /** A throw-away payload: serialised by the application's Jackson serializer like any domain event. */
    record PlatformProbe(String value) {
    }

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    EventStore eventStore;

    @Autowired
    ConnectionProvider connectionProvider;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    Serializer serializer;

    @Autowired
    JdbcTemplate jdbc;

    private static String newAggregate() {
        return "platform-probe-" + UUID.randomUUID();
    }

    private static DomainEventMessage<PlatformProbe> event(String aggregateId, long sequence) {
        return new GenericDomainEventMessage<>("PlatformProbe", aggregateId, sequence,
                new PlatformProbe(aggregateId + "#" + sequence));
    }

    private int stored(String aggregateId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, aggregateId);
    }

    @Test
    void aDuplicateSequenceAppendedThroughTheStorageEngineIsAConcurrencyException() {
        String aggregate = newAggregate();
        storageEngine.appendEvents(event(aggregate, 0), event(aggregate, 1));

        assertThatThrownBy(() -> storageEngine.appendEvents(event(aggregate, 1)))
                .isInstanceOf(ConcurrencyException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("23505"));
        assertThat(stored(aggregate)).isEqualTo(2);
        assertThat(storageEngine.lastSequenceNumberFor(aggregate)).contains(1L);
    }

    @Test
    void aDuplicateSequencePublishedThroughTheEventStoreIsAConcurrencyException() {
        String aggregate = newAggregate();
        eventStore.publish(event(aggregate, 0));
        eventStore.publish(event(aggregate, 1));

        assertThatThrownBy(() -> eventStore.publish(event(aggregate, 1)))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(eventStore.readEvents(aggregate).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(0L, 1L);
    }

    @Test
    void aBatchWithOneDuplicateIsRefusedWhole() {
        String aggregate = newAggregate();
        storageEngine.appendEvents(event(aggregate, 0), event(aggregate, 1));

        assertThatThrownBy(() -> storageEngine.appendEvents(event(aggregate, 2), event(aggregate, 1)))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(stored(aggregate)).as("the new event of the refused batch is rolled back").isEqualTo(2);
    }

    /**
     * Two nodes creating the same aggregate: Axon reports a duplicate first event as
     * {@link AggregateStreamCreationException}, which is NOT a subclass of ConcurrencyException;
     * whoever retries on ConcurrencyException must retry on this one too.
     */
    @Test
    void aDuplicateFirstEventIsAnAggregateStreamCreationException() {
        String aggregate = newAggregate();
        storageEngine.appendEvents(event(aggregate, 0));

        assertThatThrownBy(() -> storageEngine.appendEvents(event(aggregate, 0)))
                .isInstanceOf(AggregateStreamCreationException.class)
                .isNotInstanceOf(ConcurrencyException.class)
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("23505"));
        assertThat(stored(aggregate)).isEqualTo(1);
    }

    /** Without the SQLState resolver, Axon's default (vendor error codes) does not recognise PostgreSQL's duplicate key. */
    @Test
    void withoutTheSqlStateResolverTheSameDuplicateIsOnlyAnEventStoreException() {
        EventStorageEngine axonDefaults = JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .schema(AxonPersistence.EVENT_SCHEMA)
                .build();
        String aggregate = newAggregate();
        axonDefaults.appendEvents(event(aggregate, 0), event(aggregate, 1));

        assertThatThrownBy(() -> axonDefaults.appendEvents(event(aggregate, 1)))
                .isInstanceOf(EventStoreException.class)
                .isNotInstanceOf(ConcurrencyException.class);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
