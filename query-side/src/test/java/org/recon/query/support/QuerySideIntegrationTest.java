package org.recon.query.support;

import org.recon.devdb.Api;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import org.recon.query.QuerySideApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the query side's Spring Boot tests: the real application on a random port against the
 * JVM's one embedded PostgreSQL. Events are appended straight to the event store, as the command
 * side would. Every subclass shares one context (same configuration).
 */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"embedded", "test"})
public abstract class QuerySideIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, AtomicLong> SEQUENCES = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected EventStore eventStore;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedDatabase database = TestDatabase.get();
        registry.add("recon.db.url", database::jdbcUrl);
        registry.add("recon.db.user", () -> EmbeddedDatabase.USER);
        registry.add("recon.db.password", () -> EmbeddedDatabase.PASSWORD);
    }

    protected Api api() {
        return new Api("http://127.0.0.1:" + port);
    }

    /** Appends an event to the aggregate's stream with its next sequence number. */
    protected void publish(String aggregateType, String aggregateId, Object payload, Map<String, ?> metadata) {
        long sequence = SEQUENCES.computeIfAbsent(aggregateId, id -> new AtomicLong()).getAndIncrement();
        eventStore.publish(new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, payload,
                MetaData.from(metadata)));
    }

    protected void publish(String aggregateType, String aggregateId, Object payload) {
        publish(aggregateType, aggregateId, payload, Map.of("correlationId", UUID.randomUUID().toString()));
    }

    protected JsonNode getJson(String path, String key) {
        Api.Response response = api().get(path, key);
        assertThat(response.status()).as(path + " -> " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    protected static void await(ThrowingRunnable assertion) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(assertion);
    }

    /**
     * Every timeline row of the SKU's positions that names a source eventId sits at the global index of the
     * event that carries that eventId (the timeline keys its rows by the event's own place in the store).
     */
    protected static void assertTimelineAtTheEventsOwnIndexes(JdbcTemplate jdbc, String sku) {
        Long named = jdbc.queryForObject("select count(*) from qry_timeline_entry where position_id like ? "
                + "and event_id is not null", Long.class, sku + "@%");
        assertThat(named).as("timeline rows with a source eventId").isPositive();
        java.util.List<Long> misplaced = jdbc.queryForList("select t.global_index from qry_timeline_entry t "
                        + "left join domain_event_entry e on e.global_index = t.global_index "
                        + "where t.position_id like ? and t.event_id is not null and (e.global_index is null "
                        + "or position(('\"' || t.event_id || '\"') in convert_from(e.payload, 'UTF8')) = 0)",
                Long.class, sku + "@%");
        assertThat(misplaced).as("timeline rows not at their event's global index").isEmpty();
    }

    protected static String unique(String prefix) {
        return (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
    }
}
