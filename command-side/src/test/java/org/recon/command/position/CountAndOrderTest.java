package org.recon.command.position;

import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.CloseVarianceWindow;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.ObservedState;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.COMMITTED;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.api.common.QuantityState.PICKED;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.POSITION;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;
import static org.recon.command.position.PositionScenario.order;

/** DESIGN 4.3 (counts) and 4.4 (out-of-order arrival). */
class CountAndOrderTest {

    private final DocumentRef so1 = order("SO-1");

    /** on_hand 100; order SO-1 of 3 committed by both and picked. */
    private PositionScenario orderedAndPicked() {
        PositionScenario scenario = new PositionScenario();
        DocumentRef po1 = new DocumentRef("PO", "PO-1", "1");
        scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 100, po1);
        scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 100, po1);
        scenario.move(STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T09:00:00Z", 3, so1);
        scenario.move(ERP, MovementType.ORDER_COMMITTED, "2026-03-02T09:00:00Z", 3, so1);
        scenario.move(WAREHOUSE, MovementType.PICKED, "2026-03-02T10:00:00Z", 3, so1);
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 100L, COMMITTED, 3L, PICKED, 3L));
        return scenario;
    }

    private static PositionScenario.Outcome count(PositionScenario scenario, org.recon.api.common.SystemId system,
                                                  String at, long quantity) {
        return scenario.send(scenario.movement(system, MovementType.COUNTED, at, quantity, null));
    }

    @Test
    void countedByTheOwnerOfOnHandSetsIt() {
        PositionScenario scenario = orderedAndPicked();
        var counted = count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 97);
        assertThat(counted.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(counted.only(MovementRecorded.class).changes()).isEmpty();
        var corrected = counted.only(PositionCorrected.class);
        assertThat(corrected.reason()).isEqualTo(AdjustmentReason.CYCLE_COUNT);
        assertThat(corrected.changes()).containsExactlyEntriesOf(Map.of("on_hand", -3L));
        assertThat(corrected.evidence()).isEqualTo(new ObservedState("on_hand", 97, 100, -3, 0, true, ObservationVerdict.VARIANCE));
        assertThat(counted.only(VarianceDetected.class).reasonCode()).isEqualTo("COUNT_VARIANCE");
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 97L, COMMITTED, 3L, PICKED, 3L));
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(94);
    }

    @Test
    void aCountThatMatchesRecordsItsEvidenceAndNoVariance() {
        PositionScenario scenario = orderedAndPicked();
        var counted = count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 100);
        assertThat(counted.only(PositionCorrected.class).changes()).isEmpty();
        assertThat(counted.events(VarianceDetected.class)).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
    }

    @Test
    void countedByAnotherSystemIsItsObservation() {
        PositionScenario scenario = orderedAndPicked();
        var counted = count(scenario, ERP, "2026-03-02T12:00:00Z", 97);
        assertThat(counted.events(PositionCorrected.class)).isEmpty();
        assertThat(counted.only(ObservationRecorded.class).states())
                .containsExactly(new ObservedState("on_hand", 97, 100, -3, 0, false, ObservationVerdict.VARIANCE));
        var variance = counted.only(VarianceDetected.class);
        assertThat(variance.reasonCode()).isEqualTo("SOURCE_MISMATCH");
        assertThat(variance.system()).isEqualTo(ERP);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
    }

    @Test
    void outOfOrderArrivalEndsWhereInOrderArrivalEnds() {
        PositionScenario inOrder = orderedAndPicked();
        inOrder.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        inOrder.move(ERP, MovementType.SHIPPED, "2026-03-02T11:01:00Z", 3, so1);
        var inOrderCount = count(inOrder, WAREHOUSE, "2026-03-02T12:00:00Z", 97);
        assertThat(inOrderCount.only(PositionCorrected.class).changes()).isEmpty();
        assertThat(inOrderCount.events(VarianceDetected.class)).isEmpty();

        PositionScenario outOfOrder = orderedAndPicked();
        var early = count(outOfOrder, WAREHOUSE, "2026-03-02T12:00:00Z", 97);
        String variance = early.only(VarianceDetected.class).varianceId();
        assertThat(outOfOrder.quantity(ON_HAND)).isEqualTo(97);
        var late = outOfOrder.send(outOfOrder.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1));
        MovementRecorded recorded = late.only(MovementRecorded.class);
        // on_hand is already included in the count; committed and picked still move
        assertThat(recorded.alreadyIncluded()).containsExactly("on_hand");
        assertThat(recorded.changes()).containsExactlyInAnyOrderEntriesOf(Map.of("committed", -3L, "picked", -3L));
        assertThat(recorded.outcome()).isEqualTo(IngestOutcome.APPLIED);
        // ... and it explains the count's variance
        assertThat(late.only(VarianceCleared.class).varianceId()).isEqualTo(variance);
        outOfOrder.move(ERP, MovementType.SHIPPED, "2026-03-02T11:01:00Z", 3, so1);

        assertThat(outOfOrder.quantities()).containsExactlyInAnyOrderEntriesOf(inOrder.quantities());
        assertThat(outOfOrder.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 97L, COMMITTED, 0L, PICKED, 0L));
        assertThat(outOfOrder.quantity(AVAILABLE)).isEqualTo(97);
        assertThat(outOfOrder.send(new CloseVarianceWindow(POSITION, variance)).events()).isEmpty();
    }

    @Test
    void aMovementAtOrAfterTheCountStillApplies() {
        PositionScenario scenario = orderedAndPicked();
        count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 100);
        var after = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T12:30:00Z", 3, so1));
        assertThat(after.only(MovementRecorded.class).alreadyIncluded()).isEmpty();
        assertThat(after.only(MovementRecorded.class).changes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -3L, "committed", -3L, "picked", -3L));
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(97);
    }

    @Test
    void aCountVarianceExplainedByTwoLateMovementsClearsWithTheSecond() {
        PositionScenario scenario = orderedAndPicked();
        var early = count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 97);
        String variance = early.only(VarianceDetected.class).varianceId();
        var first = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 1, so1));
        assertThat(first.events(VarianceCleared.class)).isEmpty();
        scenario.clock.advance(Duration.ofMinutes(2));
        var second = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:05:00Z", 2, so1));
        var cleared = second.only(VarianceCleared.class);
        assertThat(cleared.varianceId()).isEqualTo(variance);
        assertThat(cleared.durationMillis()).isEqualTo(120_000);
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 97L, COMMITTED, 0L, PICKED, 0L));
    }

    @Test
    void aCountVariancePartlyExplainedIsOverdueWithTheRest() {
        PositionScenario scenario = orderedAndPicked();
        String variance = count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 95).only(VarianceDetected.class).varianceId();
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        scenario.clock.advance(Duration.ofMinutes(15));
        var overdue = scenario.send(new CloseVarianceWindow(POSITION, variance)).only(VarianceOverdue.class);
        assertThat(overdue.reasonCode()).isEqualTo("COUNT_VARIANCE");
        assertThat(overdue.unexplained()).isEqualTo(-2);
        assertThat(overdue.reported()).isEqualTo(95);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(95);
    }

    @Test
    void aRepeatedCountDoesNotExplainAVarianceButARecountBackDoes() {
        PositionScenario scenario = orderedAndPicked();
        String variance = count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 97).only(VarianceDetected.class).varianceId();
        // the same number again: in sync with the corrected value, but the 3 are still unexplained
        var again = count(scenario, WAREHOUSE, "2026-03-02T12:05:00Z", 97);
        assertThat(again.events(VarianceCleared.class)).isEmpty();
        assertThat(again.events(VarianceDetected.class)).isEmpty();
        scenario.clock.advance(Duration.ofMinutes(15));
        var overdue = scenario.send(new CloseVarianceWindow(POSITION, variance)).only(VarianceOverdue.class);
        assertThat(overdue.unexplained()).isEqualTo(-3);

        PositionScenario recount = orderedAndPicked();
        String first = count(recount, WAREHOUSE, "2026-03-02T12:00:00Z", 97).only(VarianceDetected.class).varianceId();
        var back = count(recount, WAREHOUSE, "2026-03-02T12:05:00Z", 100);
        assertThat(back.only(PositionCorrected.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", 3L));
        assertThat(back.only(VarianceCleared.class).varianceId()).isEqualTo(first);
        assertThat(recount.quantity(ON_HAND)).isEqualTo(100);
    }

    @Test
    void anOlderCountIsNotApplied() {
        PositionScenario scenario = orderedAndPicked();
        count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 100);
        var older = count(scenario, WAREHOUSE, "2026-03-02T11:00:00Z", 90);
        // a count is an observation of on_hand: an older one is stale, recorded and not applied
        assertThat(older.result()).isEqualTo(IngestOutcome.STALE);
        assertThat(older.only(MovementRecorded.class).changes()).isEmpty();
        assertThat(older.events(PositionCorrected.class)).isEmpty();
        assertThat(older.events(VarianceDetected.class)).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
    }

    @Test
    void theCountersInFlightStepIsNotCountedTwice() {
        // in order: ERP ships first (provisional), the warehouse ships, then counts
        PositionScenario inOrder = orderedAndPicked();
        inOrder.move(ERP, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        inOrder.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        count(inOrder, WAREHOUSE, "2026-03-02T12:00:00Z", 97);
        assertThat(inOrder.quantity(ON_HAND)).isEqualTo(97);

        // out of order: the warehouse's count (which physically includes the shipment) before its own shipment
        PositionScenario outOfOrder = orderedAndPicked();
        outOfOrder.move(ERP, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        var counted = count(outOfOrder, WAREHOUSE, "2026-03-02T12:00:00Z", 97);
        // the shipment is in flight for the warehouse: its expected view is 97 + 3 = 100, so the count is 3 short
        assertThat(counted.only(PositionCorrected.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -3L));
        String variance = counted.only(VarianceDetected.class).varianceId();
        assertThat(outOfOrder.quantity(ON_HAND)).isEqualTo(94);
        // its own shipment occurred before the count: the count included it after all
        var late = outOfOrder.send(outOfOrder.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1));
        assertThat(late.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", 3L));
        assertThat(late.only(VarianceCleared.class).varianceId()).isEqualTo(variance);
        assertThat(outOfOrder.quantities()).containsExactlyInAnyOrderEntriesOf(inOrder.quantities());
        assertThat(outOfOrder.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 97L, COMMITTED, 0L, PICKED, 0L));
        assertThat(outOfOrder.send(new CloseVarianceWindow(POSITION, variance)).events()).isEmpty();
    }

    @Test
    void theCountersInFlightStepThatOccurredAfterTheCountStillApplies() {
        // the ERP posted the shipment ahead of time; the goods left after the warehouse's count
        PositionScenario scenario = orderedAndPicked();
        scenario.move(ERP, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        var counted = count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 100);
        assertThat(counted.only(PositionCorrected.class).changes()).isEmpty();
        assertThat(counted.events(VarianceDetected.class)).isEmpty();
        var shipped = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T12:30:00Z", 3, so1));
        assertThat(shipped.only(MovementRecorded.class).changes()).isEmpty();
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 97L, COMMITTED, 0L, PICKED, 0L));
    }

    @Test
    void aPartialLateReportOfTheCounterGivesBackOnlyItsPart() {
        PositionScenario scenario = orderedAndPicked();
        scenario.move(ERP, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        count(scenario, WAREHOUSE, "2026-03-02T12:00:00Z", 98);
        // expected view 100, count 98: on_hand 97 - 2 = 95
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(95);
        // the warehouse (authority) shipped 2 before its count: effective 2, and the count of 98 was right
        var first = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 2, so1));
        assertThat(first.only(MovementRecorded.class).changes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", 3L, "committed", 1L, "picked", 1L));
        assertThat(first.events(VarianceCleared.class)).hasSize(1);
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 98L, COMMITTED, 1L, PICKED, 1L));
        // the third unit left after the count
        var second = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T12:10:00Z", 1, so1));
        assertThat(second.only(MovementRecorded.class).changes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -1L, "committed", -1L, "picked", -1L));
        assertThat(second.events(VarianceDetected.class)).isEmpty();

        // the same reports in order end at the same position
        PositionScenario inOrder = orderedAndPicked();
        inOrder.move(ERP, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so1);
        inOrder.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 2, so1);
        count(inOrder, WAREHOUSE, "2026-03-02T12:00:00Z", 98);
        inOrder.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T12:10:00Z", 1, so1);
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(inOrder.quantities());
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 97L, COMMITTED, 0L, PICKED, 0L));
    }
}
