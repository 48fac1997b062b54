package org.recon.command.position;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.RecordMovements;
import org.recon.api.position.RecordObservation;
import org.recon.api.position.RecordObservations;
import org.recon.support.axon.AxonRuntime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.POSITION;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;
import static org.recon.command.position.PositionScenario.order;

/**
 * {@link RecordMovements} and {@link RecordObservations}: one command carries a batch of one position's items,
 * decided in the order given exactly as the same items sent one by one, each item's events with its own audit
 * metadata.
 */
class BatchCommandTest {

    /** One position in the fixture: commands sent with given metadata, every event (with its metadata) kept. */
    private static final class Position {
        final PositionScenario.MovableClock clock = new PositionScenario.MovableClock();
        final AggregateTestFixture<InventoryPosition> fixture = new AggregateTestFixture<>(InventoryPosition.class);
        final List<EventMessage<?>> history = new ArrayList<>();

        Position() {
            fixture.registerInjectableResource(new PositionRules(MovementRules.defaults(), RiskPolicy.defaults(sku -> false), clock));
            // as in the service: the audit metadata of a command is copied to the events it causes
            fixture.registerCommandHandlerInterceptor(new CorrelationDataInterceptor<>(List.of(new MessageOriginProvider(),
                    new SimpleCorrelationDataProvider(AxonRuntime.AUDIT_METADATA.toArray(String[]::new)))));
        }

        Object send(Object command, Map<String, ?> metaData) {
            var validator = history.isEmpty() ? fixture.givenNoPriorActivity()
                    : fixture.given(history.stream().map(EventMessage::getPayload).toList());
            Recorded recorded = Recorded.of(validator.when(command, metaData));
            history.addAll(recorded.events());
            return recorded.result();
        }

        List<Object> payloads() {
            return history.stream().map(EventMessage::getPayload).map(Object.class::cast).toList();
        }
    }

    private static RecordMovement movement(String eventId, org.recon.api.common.SystemId system, MovementType type,
                                           String occurredAt, long quantity, DocumentRef document) {
        return new RecordMovement(POSITION, system, eventId, type, Instant.parse(occurredAt), quantity, 0, null, document,
                null, null, null, null, system.value().toLowerCase() + "-dev", false, null);
    }

    private static RecordMovement adjustment(String eventId, org.recon.api.common.SystemId system, long delta,
                                             AdjustmentReason reason) {
        return new RecordMovement(POSITION, system, eventId, MovementType.ADJUSTED, Instant.parse("2026-03-02T09:30:00Z"),
                0, delta, QuantityState.ON_HAND, null, null, reason, null, null, system.value().toLowerCase() + "-dev",
                false, null);
    }

    /** What IngestService puts on a single command: the audit trail of the delivery. */
    private static Map<String, String> audit(RecordMovement movement) {
        Map<String, String> metaData = new LinkedHashMap<>();
        metaData.put("system", movement.system().value());
        metaData.put("eventId", movement.eventId());
        metaData.put("actor", movement.actor());
        if (movement.reason() != null) {
            metaData.put("reason", movement.reason().code());
        }
        return metaData;
    }

    private static Map<String, String> audit(RecordObservation observation) {
        return Map.of("system", observation.system().value(), "eventId", observation.eventId(), "actor", observation.actor());
    }

    /** A day at one position: provisional and authoritative reports, partial shipments, a floor, an owner's count, an adjustment. */
    private static List<RecordMovement> day() {
        DocumentRef so1 = order("SO-1");
        DocumentRef po1 = new DocumentRef("PO", "PO-1", "1");
        return List.of(
                movement("wh-1", WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 10, po1),
                movement("erp-1", ERP, MovementType.RECEIVED, "2026-03-02T08:01:00Z", 10, po1),
                movement("sf-1", STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T10:00:00Z", 2, so1),
                movement("erp-2", ERP, MovementType.ORDER_COMMITTED, "2026-03-02T10:01:00Z", 3, so1),
                movement("wh-2", WAREHOUSE, MovementType.PICKED, "2026-03-02T10:20:00Z", 2, so1),
                movement("wh-3", WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:05:00Z", 1, so1),
                movement("wh-4", WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:06:00Z", 1, so1),
                movement("wh-5", WAREHOUSE, MovementType.COUNTED, "2026-03-02T12:00:00Z", 7, null),
                adjustment("wh-6", WAREHOUSE, -1, AdjustmentReason.SHRINKAGE),
                movement("wh-7", WAREHOUSE, MovementType.DAMAGED, "2026-03-02T12:30:00Z", 1, null));
    }

    private static RecordMovements batch(List<RecordMovement> movements) {
        return new RecordMovements(POSITION, movements.stream().map(m -> new RecordMovements.Item(m, audit(m))).toList());
    }

    @Test
    void aBatchDecidesExactlyWhatTheSameMovementsOneByOneDecide() {
        Position oneByOne = new Position();
        List<IngestOutcome> singleOutcomes = new ArrayList<>();
        for (RecordMovement movement : day()) {
            singleOutcomes.add((IngestOutcome) oneByOne.send(movement, audit(movement)));
        }
        Position batched = new Position();
        Object outcomes = batched.send(batch(day()), Map.of("system", "WAREHOUSE", "actor", "warehouse-dev"));

        assertThat(outcomes).isEqualTo(singleOutcomes);
        assertThat(singleOutcomes).contains(IngestOutcome.APPLIED, IngestOutcome.ACKNOWLEDGED);
        assertThat(batched.payloads()).isEqualTo(oneByOne.payloads());
        // each event carries the audit trail of the movement that caused it, as a single command's events do
        assertThat(oneByOne.history).allSatisfy(event -> assertThat(event.getMetaData()).containsKeys("system", "eventId", "actor"));
        for (int i = 0; i < oneByOne.history.size(); i++) {
            MetaData single = oneByOne.history.get(i).getMetaData();
            MetaData inBatch = batched.history.get(i).getMetaData();
            for (String key : List.of("system", "eventId", "actor", "reason")) {
                assertThat(inBatch.get(key)).as("%s of event %d (%s)", key, i,
                        batched.history.get(i).getPayloadType().getSimpleName()).isEqualTo(single.get(key));
            }
        }
        assertThat(batched.history).filteredOn(event -> event.getPayload() instanceof MovementRecorded)
                .allSatisfy(event -> assertThat(event.getMetaData().get("eventId"))
                        .isEqualTo(((MovementRecorded) event.getPayload()).eventId()));
        assertThat(batched.history.stream().map(event -> event.getMetaData().get("reason")).distinct().toList())
                .containsExactlyInAnyOrder(null, "shrinkage");
    }

    @Test
    void aBatchAfterEarlierMovementsContinuesFromTheirState() {
        List<RecordMovement> day = day();
        Position oneByOne = new Position();
        Position batched = new Position();
        for (RecordMovement movement : day.subList(0, 4)) {
            oneByOne.send(movement, audit(movement));
            batched.send(movement, audit(movement));
        }
        List<Object> singleOutcomes = new ArrayList<>();
        for (RecordMovement movement : day.subList(4, day.size())) {
            singleOutcomes.add(oneByOne.send(movement, audit(movement)));
        }
        assertThat(batched.send(batch(day.subList(4, day.size())), Map.of())).isEqualTo(singleOutcomes);
        assertThat(batched.payloads()).isEqualTo(oneByOne.payloads());
    }

    @Test
    void theOrderGivenIsTheOrderDecided() {
        DocumentRef so = order("SO-9");
        RecordMovement storefront = movement("sf-9", STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T10:00:00Z", 2, so);
        RecordMovement erp = movement("erp-9", ERP, MovementType.ORDER_COMMITTED, "2026-03-02T10:01:00Z", 2, so);

        Position first = new Position();
        assertThat(first.send(batch(List.of(storefront, erp)), Map.of()))
                .isEqualTo(List.of(IngestOutcome.APPLIED, IngestOutcome.ACKNOWLEDGED));
        Position reversed = new Position();
        assertThat(reversed.send(batch(List.of(erp, storefront)), Map.of()))
                .isEqualTo(List.of(IngestOutcome.APPLIED, IngestOutcome.ACKNOWLEDGED));
        assertThat(first.payloads()).filteredOn(MovementRecorded.class::isInstance)
                .extracting(event -> ((MovementRecorded) event).eventId()).containsExactly("sf-9", "erp-9");
        assertThat(reversed.payloads()).filteredOn(MovementRecorded.class::isInstance)
                .extracting(event -> ((MovementRecorded) event).eventId()).containsExactly("erp-9", "sf-9");
    }

    @Test
    void theSameMovementTwiceInOneBatchIsDecidedAsTwiceOneByOne() {
        // the aggregate has no idempotency of its own: the edge's receipts answer a repeated eventId DUPLICATE
        // before it reaches a position; what reaches it twice counts twice, in a batch as one by one
        RecordMovement shipped = movement("wh-8", WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 1, order("SO-8"));
        Position oneByOne = new Position();
        List<Object> singleOutcomes = List.of(oneByOne.send(shipped, audit(shipped)), oneByOne.send(shipped, audit(shipped)));
        Position batched = new Position();
        assertThat(batched.send(batch(List.of(shipped, shipped)), Map.of())).isEqualTo(singleOutcomes);
        assertThat(batched.payloads()).isEqualTo(oneByOne.payloads());
        assertThat(batched.payloads()).filteredOn(MovementRecorded.class::isInstance).hasSize(2);
    }

    @Test
    void observationsInABatchAreDecidedAsOneByOneIncludingStaleOnes() {
        List<RecordObservation> observations = List.of(
                new RecordObservation(POSITION, WAREHOUSE, "obs-1", Instant.parse("2026-03-02T08:00:00Z"),
                        Map.of("on_hand", 10L), "warehouse-dev"),
                new RecordObservation(POSITION, STOREFRONT, "obs-2", Instant.parse("2026-03-02T08:05:00Z"),
                        Map.of("available", 12L), "storefront-dev"),
                new RecordObservation(POSITION, WAREHOUSE, "obs-3", Instant.parse("2026-03-02T07:00:00Z"),
                        Map.of("on_hand", 9L), "warehouse-dev"),
                new RecordObservation(POSITION, WAREHOUSE, "obs-4", Instant.parse("2026-03-02T09:00:00Z"),
                        Map.of("on_hand", 8L), "warehouse-dev"));
        Position oneByOne = new Position();
        List<Object> singleOutcomes = new ArrayList<>();
        for (RecordObservation observation : observations) {
            singleOutcomes.add(oneByOne.send(observation, audit(observation)));
        }
        assertThat(singleOutcomes).contains(IngestOutcome.STALE);
        Position batched = new Position();
        Object outcomes = batched.send(new RecordObservations(POSITION, observations.stream()
                .map(o -> new RecordObservations.Item(o, audit(o))).toList()), Map.of());
        assertThat(outcomes).isEqualTo(singleOutcomes);
        assertThat(batched.payloads()).isEqualTo(oneByOne.payloads());
        for (int i = 0; i < oneByOne.history.size(); i++) {
            assertThat(batched.history.get(i).getMetaData().get("eventId"))
                    .isEqualTo(oneByOne.history.get(i).getMetaData().get("eventId"));
            assertThat(batched.history.get(i).getMetaData().get("system"))
                    .isEqualTo(oneByOne.history.get(i).getMetaData().get("system"));
        }
    }

    @Test
    void aBatchNamesOnePosition() {
        RecordMovement elsewhere = new RecordMovement(PositionId.of("OTHER", "WH-EAST"), ERP, "erp-x",
                MovementType.RECEIPT_EXPECTED, Instant.parse("2026-03-02T10:00:00Z"), 1, 0, null,
                new DocumentRef("PO", "PO-X", "1"), null, null, null, null, "erp-dev", false, null);
        assertThatThrownBy(() -> batch(List.of(elsewhere))).isInstanceOf(IllegalArgumentException.class);
    }
}
