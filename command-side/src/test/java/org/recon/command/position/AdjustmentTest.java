package org.recon.command.position;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.QuantityState;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.ExpectedViewAdjusted;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.ObservedState;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.VarianceDetected;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.DAMAGED;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.api.common.QuantityState.RESERVED;
import static org.recon.api.common.QuantityState.SAFETY_STOCK;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;

/** DESIGN 4.3 (adjustments) and the negative-available rule of 4.5. */
class AdjustmentTest {

    private final PositionScenario scenario = new PositionScenario();

    private void onHand(long quantity) {
        DocumentRef po1 = new DocumentRef("PO", "PO-1", "1");
        scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", quantity, po1);
        scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T08:00:00Z", quantity, po1);
    }

    private PositionScenario.Outcome adjust(org.recon.api.common.SystemId system, QuantityState state, long delta) {
        return scenario.send(scenario.adjustment(system, state, delta, AdjustmentReason.SHRINKAGE, false));
    }

    private ObservedState observe(org.recon.api.common.SystemId system, String at, String state, long value) {
        return scenario.observe(system, at, Map.of(state, value)).only(ObservationRecorded.class).states().get(0);
    }

    @Test
    void theOwnersAdjustmentApplies() {
        onHand(100);
        var outcome = adjust(WAREHOUSE, ON_HAND, -2);
        assertThat(outcome.result()).isEqualTo(IngestOutcome.APPLIED);
        MovementRecorded recorded = outcome.only(MovementRecorded.class);
        assertThat(recorded.changes()).containsExactlyEntriesOf(Map.of("on_hand", -2L));
        assertThat(recorded.reason()).isEqualTo(AdjustmentReason.SHRINKAGE);
        assertThat(recorded.step()).isNull();
        assertThat(outcome.events(StepAwaitingReports.class)).isEmpty();
        assertThat(outcome.events(ExpectedViewAdjusted.class)).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);

        // another state, by its owner: ERP owns safety_stock
        adjust(ERP, SAFETY_STOCK, 5);
        assertThat(scenario.quantity(SAFETY_STOCK)).isEqualTo(5);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(93);
    }

    @Test
    void withoutAStateAnAdjustmentIsOfOnHand() {
        onHand(100);
        var command = scenario.adjustment(WAREHOUSE, null, -1, AdjustmentReason.THEFT, false);
        assertThat(scenario.send(command).only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -1L));
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(99);
    }

    @Test
    void aNonOwnersAdjustmentMovesOnlyItsExpectedView() {
        onHand(100);
        var outcome = adjust(ERP, ON_HAND, -2);
        assertThat(outcome.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(outcome.only(MovementRecorded.class).changes()).isEmpty();
        var moved = outcome.only(ExpectedViewAdjusted.class);
        assertThat(moved.system()).isEqualTo(ERP);
        assertThat(moved.state()).isEqualTo("on_hand");
        assertThat(moved.delta()).isEqualTo(-2);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
        // the ERP now shows 98, and that is what it is expected to show
        var erp = observe(ERP, "2026-03-02T10:30:00Z", "on_hand", 98);
        assertThat(erp.expected()).isEqualTo(98);
        assertThat(erp.unexplained()).isZero();
        assertThat(erp.verdict()).isNotEqualTo(ObservationVerdict.VARIANCE);
        // the warehouse's view is untouched
        assertThat(observe(WAREHOUSE, "2026-03-02T10:30:00Z", "on_hand", 100).verdict()).isEqualTo(ObservationVerdict.IN_SYNC);
    }

    @Test
    void aNonOwnersVarianceExplainedByItsOwnAdjustmentClears() {
        onHand(100);
        var detected = scenario.observe(ERP, "2026-03-02T10:30:00Z", Map.of("on_hand", 98L)).only(VarianceDetected.class);
        assertThat(detected.reasonCode()).isEqualTo("SOURCE_MISMATCH");
        var adjusted = adjust(ERP, ON_HAND, -2);
        assertThat(adjusted.only(org.recon.api.position.VarianceCleared.class).varianceId()).isEqualTo(detected.varianceId());
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
    }

    @Test
    void theSameShrinkagePostedInTheErpAndTheWarehouseCountsOnce() {
        onHand(100);
        adjust(ERP, ON_HAND, -2);
        var owner = adjust(WAREHOUSE, ON_HAND, -2);
        assertThat(owner.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -2L));
        var absorbed = owner.only(ExpectedViewAdjusted.class);
        assertThat(absorbed.system()).isEqualTo(ERP);
        assertThat(absorbed.delta()).isEqualTo(2);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
        var erp = observe(ERP, "2026-03-02T10:30:00Z", "on_hand", 98);
        assertThat(erp).isEqualTo(new ObservedState("on_hand", 98, 98, 0, 0, false, ObservationVerdict.IN_SYNC));
    }

    @Test
    void theSameShrinkagePostedInTheWarehouseThenMirroredInTheErpCountsOnce() {
        onHand(100);
        adjust(WAREHOUSE, ON_HAND, -2);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
        var mirrored = adjust(ERP, ON_HAND, -2);
        assertThat(mirrored.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(mirrored.only(MovementRecorded.class).changes()).isEmpty();
        // the mirror matches the owner's adjustment: the ERP's view is not moved again
        assertThat(mirrored.events(ExpectedViewAdjusted.class)).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
        assertThat(observe(ERP, "2026-03-02T10:40:00Z", "on_hand", 98))
                .isEqualTo(new ObservedState("on_hand", 98, 98, 0, 0, false, ObservationVerdict.IN_SYNC));
        // a further ERP adjustment has nothing left to match
        var more = adjust(ERP, ON_HAND, -3);
        assertThat(more.only(ExpectedViewAdjusted.class).delta()).isEqualTo(-3);
    }

    @Test
    void theMirrorOfAnAdjustmentAlreadyAbsorbedMatchesNothing() {
        onHand(100);
        adjust(ERP, ON_HAND, -2);
        adjust(WAREHOUSE, ON_HAND, -2);
        var again = adjust(ERP, ON_HAND, -2);
        assertThat(again.only(ExpectedViewAdjusted.class).delta()).isEqualTo(-2);
        assertThat(observe(ERP, "2026-03-02T10:40:00Z", "on_hand", 96).verdict()).isNotEqualTo(ObservationVerdict.VARIANCE);
    }

    @Test
    void theOwnersLargerAdjustmentAbsorbsOnlyWhatWasMirrored() {
        onHand(100);
        adjust(ERP, ON_HAND, -2);
        var owner = adjust(WAREHOUSE, ON_HAND, -5);
        assertThat(owner.only(ExpectedViewAdjusted.class).delta()).isEqualTo(2);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(95);
        assertThat(observe(ERP, "2026-03-02T10:30:00Z", "on_hand", 95).verdict()).isEqualTo(ObservationVerdict.IN_SYNC);
    }

    @Test
    void anOppositeAdjustmentAbsorbsNothing() {
        onHand(100);
        adjust(ERP, ON_HAND, -2);
        var owner = adjust(WAREHOUSE, ON_HAND, 3);
        assertThat(owner.events(ExpectedViewAdjusted.class)).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(103);
        assertThat(observe(ERP, "2026-03-02T10:30:00Z", "on_hand", 101).unexplained()).isZero();
    }

    @Test
    void aManualAdjustmentAppliesWhateverTheOwner() {
        onHand(100);
        // an operator's adjustment of reserved (owned by STOREFRONT), entered against ERP
        var manual = scenario.send(scenario.adjustment(ERP, RESERVED, 4, AdjustmentReason.CORRECTION, true));
        assertThat(manual.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(manual.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("reserved", 4L));
        assertThat(manual.only(MovementRecorded.class).manual()).isTrue();
        assertThat(manual.events(ExpectedViewAdjusted.class)).isEmpty();
        assertThat(manual.events(StepAwaitingReports.class)).isEmpty();
        assertThat(scenario.quantity(RESERVED)).isEqualTo(4);
        var onHand = scenario.send(scenario.adjustment(STOREFRONT, ON_HAND, -1, AdjustmentReason.DAMAGED, true));
        assertThat(onHand.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -1L));
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(95);
    }

    @Test
    void availableCannotBeAdjusted() {
        onHand(100);
        AggregateTestFixture<InventoryPosition> fixture = new AggregateTestFixture<>(InventoryPosition.class);
        fixture.registerInjectableResource(scenario.rules);
        fixture.given(scenario.history)
                .when(scenario.adjustment(WAREHOUSE, AVAILABLE, -1, AdjustmentReason.CORRECTION, false))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
        fixture.given(scenario.history)
                .when(scenario.adjustment(ERP, AVAILABLE, 1, AdjustmentReason.CORRECTION, true))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void anOwnerAdjustmentThatOccurredBeforeTheLastCountIsAlreadyIncluded() {
        onHand(102);
        // in order, the warehouse's 11:00 shrinkage of 2 then its 12:00 count of 100 end at 100
        String variance = scenario.observe(WAREHOUSE, "2026-03-02T12:00:00Z", Map.of("on_hand", 100L))
                .only(VarianceDetected.class).varianceId();
        RecordMovement late = new RecordMovement(PositionScenario.POSITION, WAREHOUSE, "adj-late", MovementType.ADJUSTED,
                Instant.parse("2026-03-02T11:00:00Z"), 0, -2, ON_HAND, null, null, AdjustmentReason.SHRINKAGE, null, null,
                "someone", false, null);
        var outcome = scenario.send(late);
        assertThat(outcome.only(MovementRecorded.class).changes()).isEmpty();
        assertThat(outcome.only(MovementRecorded.class).alreadyIncluded()).containsExactly("on_hand");
        assertThat(outcome.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        // and it explains the count's variance of -2
        assertThat(outcome.only(org.recon.api.position.VarianceCleared.class).varianceId()).isEqualTo(variance);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
    }

    @Test
    void negativeAvailableIsDetectedAtOnceAndCleared() {
        onHand(5);
        var first = scenario.send(scenario.movement(STOREFRONT, MovementType.RESERVATION_CREATED, "2026-03-02T10:00:00Z", 7, null));
        var detected = first.only(NegativeAvailableDetected.class);
        assertThat(detected.available()).isEqualTo(-2);
        assertThat(detected.highRisk()).isTrue();
        assertThat(detected.causeEventId()).isEqualTo(first.only(MovementRecorded.class).eventId());
        assertThat(first.events(VarianceDetected.class)).isEmpty();
        // still negative: not detected again
        var second = scenario.send(scenario.movement(STOREFRONT, MovementType.RESERVATION_CREATED, "2026-03-02T10:01:00Z", 1, null));
        assertThat(second.events(NegativeAvailableDetected.class)).isEmpty();
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(-3);
        // a damaged unit does not help
        scenario.move(WAREHOUSE, MovementType.DAMAGED, "2026-03-02T10:02:00Z", 1, null);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(-4);
        // back to zero: cleared
        var released = scenario.send(scenario.movement(STOREFRONT, MovementType.RESERVATION_RELEASED, "2026-03-02T10:03:00Z", 4, null));
        var cleared = released.only(NegativeAvailableCleared.class);
        assertThat(cleared.available()).isZero();
        assertThat(scenario.quantity(DAMAGED)).isEqualTo(1);
        // an owner's adjustment can take it negative again, and an owner's observation can bring it back
        var adjusted = adjust(WAREHOUSE, ON_HAND, -1);
        assertThat(adjusted.only(NegativeAvailableDetected.class).available()).isEqualTo(-1);
        var counted = scenario.observe(WAREHOUSE, "2026-03-02T10:30:00Z", Map.of("on_hand", 10L));
        assertThat(counted.only(NegativeAvailableCleared.class).available()).isEqualTo(5);
    }
}
