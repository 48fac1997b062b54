package org.recon.query.operations;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.Priority;
import org.recon.api.exception.Resolution;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.api.position.MovementType;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepState;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.query.support.QuerySideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.EXCEPTION;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;
import static org.recon.query.support.Events.step;

/**
 * Batches of many events in one transaction (several events of one position, of one document step,
 * in the same batch) give the same read models as events handled one by one, and a replay of every
 * processor rebuilds them identically.
 */
class ReplayBatchingTest extends QuerySideIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-07-01T08:00:00Z");
    private static final int POSITIONS = 40;

    @Autowired
    JdbcTemplate jdbc;

    private final Map<String, Long> sequences = new HashMap<>();

    @Test
    void bigBatchesAndAReplayOfEveryProcessorGiveTheSameReadModels() {
        String sku = unique("BATCH");
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < POSITIONS; i++) {
            addHistory(events, sku, i);
        }
        // one append: the processors read it in a few large batches
        eventStore.publish(events);
        awaitCaughtUp();

        // the batched projection shows what the events say
        for (int i = 0; i < POSITIONS; i++) {
            var position = getJson("/api/v1/positions/" + sku + "/WH-" + i, "admin-dev-key");
            assertThat(position.get("version").asLong()).as("position %d", i).isEqualTo(i % 2 == 0 ? 10 : 13);
            assertThat(position.get("quantities").get("on_hand").asLong()).isEqualTo(i + 4);
            assertThat(position.get("quantities").get("incoming").asLong()).isZero();
            var timeline = getJson("/api/v1/positions/" + sku + "/WH-" + i + "/timeline", "admin-dev-key");
            assertThat(timeline).hasSize(13);
            long changes = 0;
            for (var entry : timeline) {
                changes += entry.get("changes").path("on_hand").asLong(0);
            }
            assertThat(changes).isEqualTo(i + 4);
        }
        var document = getJson("/api/v1/documents/PURCHASE_ORDER/" + sku + "-PO-3", "admin-dev-key");
        assertThat(document.get("steps")).hasSize(1);
        assertThat(document.get("steps").get(0).get("complete").asBoolean()).isTrue();
        assertThat(document.get("steps").get(0).get("reported").get("WAREHOUSE").asLong()).isEqualTo(3);
        var verify = JSON.readTree(api().post("/api/v1/audit/verify", "admin-dev-key", "").body());
        assertThat(verify.get("mismatches")).noneMatch(m -> m.get("sku").asString().equals(sku));

        Map<String, List<Map<String, Object>>> live = readModels(sku);
        assertThat(live.get("qry_position")).hasSize(POSITIONS);
        assertThat(live.get("qry_document_step")).hasSize(POSITIONS);
        assertThat(live.get("qry_timeline_entry")).hasSize(POSITIONS * 13);
        assertThat(live.get("qry_variance_record")).hasSize(POSITIONS * 2);
        assertThat(live.get("qry_exception")).hasSize(POSITIONS / 2);
        assertThat(live.get("qry_inbox_message")).hasSize(POSITIONS);
        assertTimelineAtTheEventsOwnIndexes(jdbc, sku);

        for (String processor : List.of("positions", "exceptions", "documents", "timeline", "reports", "inbox")) {
            assertThat(api().post("/api/v1/admin/processors/" + processor + "/replay", "admin-dev-key", "").status())
                    .isEqualTo(202);
        }
        awaitCaughtUp();
        assertThat(readModels(sku)).isEqualTo(live);
        assertTimelineAtTheEventsOwnIndexes(jdbc, sku);
    }

    @Test
    void aPoisonEventInABigBatchParksOnlyItsOwnPositionsSequence() {
        String sku = unique("BPOISON");
        List<EventMessage<?>> events = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            for (int i = 0; i < 30; i++) {
                PositionId id = PositionId.of(sku, "WH-" + i);
                Map<String, Long> changes = i == 7 && n == 2 ? Map.of("no_such_state", 1L) : Map.of("reserved", (long) n);
                events.add(event(POSITION, id.asString(), movement(id, "STOREFRONT", id + "-" + n,
                        MovementType.RESERVATION_CREATED, T0.plusSeconds(n), n, null, changes, null)));
            }
        }
        eventStore.publish(events);
        awaitCaughtUp();

        for (int i = 0; i < 30; i++) {
            var position = getJson("/api/v1/positions/" + sku + "/WH-" + i, "admin-dev-key");
            if (i == 7) {
                assertThat(position.get("version").asLong()).isEqualTo(1);
                assertThat(position.get("quantities").get("reserved").asLong()).isEqualTo(1);
            } else {
                assertThat(position.get("version").asLong()).as("position %d", i).isEqualTo(4);
                assertThat(position.get("quantities").get("reserved").asLong()).isEqualTo(10);
            }
            assertThat(getJson("/api/v1/positions/" + sku + "/WH-" + i + "/timeline", "admin-dev-key")).hasSize(4);
        }
        var letters = getJson("/api/v1/admin/dead-letters?group=positions&size=500", "admin-dev-key").get("items")
                .valueStream().filter(l -> l.get("sequenceIdentifier").asString().contains(sku)
                        || String.valueOf(l.get("aggregateIdentifier").asString()).contains(sku))
                .toList();
        assertThat(letters).hasSize(3)
                .allMatch(l -> l.get("aggregateIdentifier").asString().equals(PositionId.of(sku, "WH-7").asString()));
    }

    /** Ten position events (two steps, a variance, a completed step), an exception and a parked message. */
    private void addHistory(List<EventMessage<?>> events, String sku, int i) {
        PositionId id = PositionId.of(sku, "WH-" + i);
        String aggregate = id.asString();
        DocumentRef po = new DocumentRef("PURCHASE_ORDER", sku + "-PO-" + i, "1");
        StepState expected = step(po, MovementType.RECEIPT_EXPECTED, "ERP", Set.of("ERP", "WAREHOUSE"),
                Map.of("ERP", (long) i), i, false, Map.of("WAREHOUSE", (long) i), false, T0);
        StepState done = step(po, MovementType.RECEIPT_EXPECTED, "ERP", Set.of("ERP", "WAREHOUSE"),
                Map.of("ERP", (long) i, "WAREHOUSE", (long) i), i, false, Map.of(), true, T0);
        events.add(event(POSITION, aggregate, movement(id, "WAREHOUSE", sku + "-count-" + i, MovementType.COUNTED,
                T0, 4, null, Map.of("on_hand", 4L), null)));
        events.add(event(POSITION, aggregate, movement(id, "ERP", sku + "-exp-" + i, MovementType.RECEIPT_EXPECTED,
                T0.plusSeconds(1), i, po, Map.of("incoming", (long) i), expected)));
        events.add(event(POSITION, aggregate, new StepAwaitingReports(id, expected.stepId(), expected, false,
                Duration.ofHours(1), T0.plusSeconds(2), sku + "-exp-" + i)));
        events.add(event(POSITION, aggregate, new VarianceDetected(id, "v1", SystemId.of("WAREHOUSE"), "on_hand", 3,
                4, -1, 0, "COUNT_VARIANCE", false, false, Duration.ofHours(1), T0.plusSeconds(3), sku + "-obs-" + i)));
        events.add(event(POSITION, aggregate, movement(id, "STOREFRONT", sku + "-res-" + i,
                MovementType.RESERVATION_CREATED, T0.plusSeconds(4), 1, null, Map.of("reserved", 1L), null)));
        events.add(event(POSITION, aggregate, new VarianceCleared(id, "v1", SystemId.of("WAREHOUSE"), "on_hand",
                T0.plusSeconds(3), T0.plusSeconds(5), 2000, sku + "-count2-" + i)));
        events.add(event(POSITION, aggregate, movement(id, "WAREHOUSE", sku + "-rcv-" + i, MovementType.RECEIVED,
                T0.plusSeconds(6), i, po, Map.of("incoming", (long) -i, "on_hand", (long) i), done)));
        events.add(event(POSITION, aggregate, new StepCompleted(id, done.stepId(), done, T0.plusSeconds(2),
                T0.plusSeconds(6), 4000, sku + "-rcv-" + i)));
        events.add(event(POSITION, aggregate, movement(id, "STOREFRONT", sku + "-rel-" + i,
                MovementType.RESERVATION_RELEASED, T0.plusSeconds(7), 1, null, Map.of("reserved", -1L), null)));
        events.add(event(POSITION, aggregate, movement(id, "STOREFRONT", sku + "-ack-" + i,
                MovementType.RESERVATION_CREATED, T0.plusSeconds(8), 0, null, Map.of(), null)));
        if (i % 2 == 0) {
            String exception = sku + "-E" + i;
            events.add(event(EXCEPTION, exception, new ExceptionOpened(exception, id, SystemId.of("WAREHOUSE"),
                    "on_hand", ExceptionReason.COUNT_VARIANCE, Priority.P3, "warehouse-ops", T0.plusSeconds(9),
                    T0.plusSeconds(86_400), Map.of("unexplained", -1), null, "v1")));
            events.add(event(EXCEPTION, exception, new ExceptionAcknowledged(exception, id, "warehouse-ops-dev",
                    T0.plusSeconds(10))));
            events.add(event(EXCEPTION, exception, new ExceptionResolved(exception, id, Resolution.FALSE_POSITIVE,
                    "recount", null, "warehouse-ops-dev", T0.plusSeconds(11), false)));
        } else {
            events.add(event(POSITION, aggregate, movement(id, "STOREFRONT", sku + "-r2-" + i,
                    MovementType.RESERVATION_CREATED, T0.plusSeconds(9), 0, null, Map.of(), null)));
            events.add(event(POSITION, aggregate, movement(id, "STOREFRONT", sku + "-r3-" + i,
                    MovementType.RESERVATION_CREATED, T0.plusSeconds(10), 0, null, Map.of(), null)));
            events.add(event(POSITION, aggregate, movement(id, "STOREFRONT", sku + "-r4-" + i,
                    MovementType.RESERVATION_CREATED, T0.plusSeconds(11), 0, null, Map.of(), null)));
        }
        String inbox = sku + "-IN-" + i;
        events.add(event("InboxMessage", inbox, new MessageParked(inbox, SystemId.of("STOREFRONT"), inbox + "-evt",
                "MOVEMENT", "UNMAPPED_IDENTITY", "unknown SKU", "ext-" + i, "WH-" + i, "{\"quantity\":1}",
                "storefront-dev", T0)));
        if (i % 3 == 0) {
            events.add(event("InboxMessage", inbox, new ParkedMessageReplayed(inbox, SystemId.of("STOREFRONT"),
                    inbox + "-evt", "APPLIED", null, "admin", T0.plusSeconds(60))));
        }
    }

    private EventMessage<?> event(String type, String aggregateId, Object payload) {
        long sequence = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        return new GenericDomainEventMessage<>(type, aggregateId, sequence, payload,
                MetaData.with("correlationId", aggregateId + "-" + sequence));
    }

    /** Every read model's rows of this test's SKU, in key order. */
    private Map<String, List<Map<String, Object>>> readModels(String sku) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        tables.put("qry_position", jdbc.queryForList("select * from qry_position where sku = ? order by position_id", sku));
        tables.put("qry_document_step", jdbc.queryForList(
                "select * from qry_document_step where sku = ? order by position_id, step_id", sku));
        tables.put("qry_timeline_entry", jdbc.queryForList(
                "select * from qry_timeline_entry where position_id like ? order by global_index", sku + "@%"));
        tables.put("qry_variance_record", jdbc.queryForList(
                "select * from qry_variance_record where sku = ? order by record_id", sku));
        tables.put("qry_exception", jdbc.queryForList("select * from qry_exception where sku = ? order by exception_id", sku));
        tables.put("qry_inbox_message", jdbc.queryForList(
                "select * from qry_inbox_message where inbox_id like ? order by inbox_id", sku + "-IN-%"));
        return tables;
    }

    private void awaitCaughtUp() {
        await(() -> assertThat(getJson("/api/v1/admin/processors", "admin-dev-key"))
                .allMatch(p -> p.get("lag").asLong() == 0 && !p.get("replaying").asBoolean()));
    }
}
