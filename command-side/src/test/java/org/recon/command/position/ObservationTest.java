package org.recon.command.position;

import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.Sku;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.CloseVarianceWindow;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementType;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.ObservedState;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.api.common.QuantityState.RESERVED;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.POSITION;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;
import static org.recon.command.position.PositionScenario.order;

/** DESIGN 4.4 (and the windows, tolerance and risk of 4.5 as far as the position decides them). */
class ObservationTest {

    private PositionScenario scenario = new PositionScenario();
    private final DocumentRef so1 = order("SO-1");

    private void onHand(long quantity) {
        DocumentRef po1 = new DocumentRef("PO", "PO-1", "1");
        scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", quantity, po1);
        scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T08:00:00Z", quantity, po1);
    }

    private static ObservedState state(PositionScenario.Outcome outcome) {
        var states = outcome.only(ObservationRecorded.class).states();
        assertThat(states).hasSize(1);
        return states.get(0);
    }

    @Test
    void inSyncWhenTheReportMatchesAndNothingIsInFlight() {
        onHand(100);
        var outcome = scenario.observe(ERP, "2026-03-02T10:00:00Z", Map.of("on_hand", 100L));
        assertThat(outcome.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(state(outcome)).isEqualTo(new ObservedState("on_hand", 100, 100, 0, 0, false, ObservationVerdict.IN_SYNC));
        assertThat(outcome.events(VarianceDetected.class)).isEmpty();
        assertThat(outcome.events(PositionCorrected.class)).isEmpty();
    }

    @Test
    void timingWhenAStepInFlightForTheObserverExplainsTheGap() {
        onHand(100);
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T09:00:00Z", 3, so1);
        var outcome = scenario.observe(ERP, "2026-03-02T10:00:00Z", Map.of("on_hand", 100L));
        // expected view for ERP: 97 - (-3 in flight) = 100
        assertThat(state(outcome)).isEqualTo(new ObservedState("on_hand", 100, 100, 0, -3, false, ObservationVerdict.TIMING));
        // the warehouse reported the step: its view is the reconciled 97
        var warehouse = scenario.observe(STOREFRONT, "2026-03-02T10:00:00Z", Map.of("available", 97L));
        assertThat(state(warehouse).verdict()).isEqualTo(ObservationVerdict.IN_SYNC);
        // ... and 100 from the ERP with nothing in flight any more would be a variance
        scenario.move(ERP, MovementType.SHIPPED, "2026-03-02T09:01:00Z", 3, so1);
        var after = scenario.observe(ERP, "2026-03-02T10:05:00Z", Map.of("on_hand", 100L));
        assertThat(state(after)).isEqualTo(new ObservedState("on_hand", 100, 97, 3, 0, false, ObservationVerdict.VARIANCE));
        var variance = after.only(VarianceDetected.class);
        assertThat(variance.reasonCode()).isEqualTo("SOURCE_MISMATCH");
        assertThat(variance.unexplained()).isEqualTo(3);
        assertThat(variance.ownerObservation()).isFalse();
    }

    @Test
    void movementsThatOccurredAfterTheObservationAreLeftOut() {
        onHand(100);
        // a reservation at 10:10 arrives before the storefront's snapshot taken at 10:00
        scenario.move(STOREFRONT, MovementType.RESERVATION_CREATED, "2026-03-02T10:10:00Z", 4, null);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(96);
        var outcome = scenario.observe(STOREFRONT, "2026-03-02T10:00:00Z", Map.of("available", 100L, "reserved", 0L));
        var states = outcome.only(ObservationRecorded.class).states();
        assertThat(states).extracting(ObservedState::state, ObservedState::expected, ObservedState::unexplained,
                        ObservedState::verdict)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("available", 100L, 0L, ObservationVerdict.TIMING),
                        org.assertj.core.groups.Tuple.tuple("reserved", 0L, 0L, ObservationVerdict.TIMING));
        assertThat(outcome.events(VarianceDetected.class)).isEmpty();
        // the storefront owns reserved: its observation (as of 10:00) changes nothing
        assertThat(outcome.only(PositionCorrected.class).changes()).isEmpty();
        assertThat(scenario.quantity(RESERVED)).isEqualTo(4);
    }

    @Test
    void aMovementBothInFlightAndLaterIsCountedOnce() {
        onHand(100);
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:06:00Z", 2, so1);
        // ERP's snapshot at 11:05 is before the shipment, and the shipment is in flight for ERP too
        var outcome = scenario.observe(ERP, "2026-03-02T11:05:00Z", Map.of("on_hand", 100L));
        assertThat(state(outcome).expected()).isEqualTo(100);
        assertThat(state(outcome).verdict()).isEqualTo(ObservationVerdict.TIMING);
    }

    @Test
    void aStepPartlyLaterIsStillLeftOutInFullWhenAllOfItIsInFlight() {
        onHand(100);
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:05:00Z", 1, so1);
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:06:00Z", 1, so1);
        // at 11:05:30 the ERP has reported nothing of SO-1: both units are in flight for it, one is also later
        var outcome = scenario.observe(ERP, "2026-03-02T11:05:30Z", Map.of("on_hand", 100L));
        assertThat(state(outcome).expected()).isEqualTo(100);
        assertThat(state(outcome).unexplained()).isZero();
        assertThat(outcome.events(VarianceDetected.class)).isEmpty();
        // the storefront is not a reporter of SHIPPED: only the later unit is left out of its view
        var storefront = scenario.observe(STOREFRONT, "2026-03-02T11:05:30Z", Map.of("available", 99L));
        assertThat(state(storefront).expected()).isEqualTo(99);
        assertThat(state(storefront).verdict()).isEqualTo(ObservationVerdict.TIMING);
    }

    @Test
    void toleranceAppliesOnlyOutsideHighRisk() {
        scenario = new PositionScenario(POSITION, new RiskPolicy(sku -> false, 5, 2, Duration.ofMinutes(15),
                Duration.ofMinutes(2), Duration.ofDays(2)));
        onHand(100);
        var within = scenario.observe(ERP, "2026-03-02T10:00:00Z", Map.of("on_hand", 98L));
        assertThat(state(within)).isEqualTo(new ObservedState("on_hand", 98, 100, -2, 0, false, ObservationVerdict.IN_SYNC));
        assertThat(within.events(VarianceDetected.class)).isEmpty();
        var beyond = scenario.observe(ERP, "2026-03-02T10:01:00Z", Map.of("on_hand", 97L));
        var variance = beyond.only(VarianceDetected.class);
        assertThat(variance.unexplained()).isEqualTo(-3);
        assertThat(variance.highRisk()).isFalse();
        assertThat(variance.window()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void lowStockIsHighRiskZeroToleranceAndTheShortWindow() {
        scenario = new PositionScenario(POSITION, new RiskPolicy(sku -> false, 5, 2, Duration.ofMinutes(15),
                Duration.ofMinutes(2), Duration.ofDays(2)));
        onHand(5);
        var outcome = scenario.observe(ERP, "2026-03-02T10:00:00Z", Map.of("on_hand", 4L));
        assertThat(state(outcome).verdict()).isEqualTo(ObservationVerdict.VARIANCE);
        var variance = outcome.only(VarianceDetected.class);
        assertThat(variance.highRisk()).isTrue();
        assertThat(variance.window()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void sixAvailableIsNotLowStock() {
        scenario = new PositionScenario(POSITION, new RiskPolicy(sku -> false, 5, 2, Duration.ofMinutes(15),
                Duration.ofMinutes(2), Duration.ofDays(2)));
        onHand(6);
        var outcome = scenario.observe(ERP, "2026-03-02T10:00:00Z", Map.of("on_hand", 5L));
        assertThat(state(outcome).verdict()).isEqualTo(ObservationVerdict.IN_SYNC);
    }

    @Test
    void aFlaggedSkuIsHighRisk() {
        scenario = new PositionScenario(POSITION, new RiskPolicy(sku -> sku.equals(Sku.of("TSHIRT-RED-M")), 5, 2,
                Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofDays(2)));
        onHand(100);
        var outcome = scenario.observe(ERP, "2026-03-02T10:00:00Z", Map.of("on_hand", 99L));
        var variance = outcome.only(VarianceDetected.class);
        assertThat(variance.highRisk()).isTrue();
        assertThat(variance.window()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void theOwnersObservationSetsTheReconciledValueWithEvidence() {
        onHand(100);
        var outcome = scenario.observe(WAREHOUSE, "2026-03-02T10:00:00Z", Map.of("on_hand", 96L));
        var corrected = outcome.only(PositionCorrected.class);
        assertThat(corrected.changes()).containsExactlyEntriesOf(Map.of("on_hand", -4L));
        assertThat(corrected.reason()).isEqualTo(AdjustmentReason.CORRECTION);
        assertThat(corrected.system()).isEqualTo(WAREHOUSE);
        assertThat(corrected.occurredAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(corrected.evidence()).isEqualTo(new ObservedState("on_hand", 96, 100, -4, 0, true, ObservationVerdict.VARIANCE));
        assertThat(corrected.eventId()).isEqualTo(outcome.only(ObservationRecorded.class).eventId());
        var variance = outcome.only(VarianceDetected.class);
        assertThat(variance.reasonCode()).isEqualTo("COUNT_VARIANCE");
        assertThat(variance.ownerObservation()).isTrue();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(96);

        // the window ends with nothing explaining it
        scenario.clock.advance(Duration.ofMinutes(15));
        var overdue = scenario.send(new CloseVarianceWindow(POSITION, variance.varianceId())).only(VarianceOverdue.class);
        assertThat(overdue.reasonCode()).isEqualTo("COUNT_VARIANCE");
        assertThat(overdue.unexplained()).isEqualTo(-4);
        assertThat(overdue.reported()).isEqualTo(96);
        assertThat(overdue.expected()).isEqualTo(100);
    }

    @Test
    void aStaleObservationIsRecordedNotApplied() {
        onHand(100);
        scenario.observe(WAREHOUSE, "2026-03-02T10:00:00Z", Map.of("on_hand", 100L));
        var stale = scenario.observe(WAREHOUSE, "2026-03-02T09:59:00Z", Map.of("on_hand", 90L));
        assertThat(stale.result()).isEqualTo(IngestOutcome.STALE);
        assertThat(stale.only(ObservationRecorded.class).stale()).isTrue();
        assertThat(stale.events()).hasSize(1);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
        // another system's older snapshot is not stale
        var erp = scenario.observe(ERP, "2026-03-02T09:00:00Z", Map.of("on_hand", 100L));
        assertThat(erp.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(erp.only(ObservationRecorded.class).stale()).isFalse();
    }

    @Test
    void aVarianceClearedByALaterObservationIsNotOverdue() {
        onHand(100);
        var detected = scenario.observe(STOREFRONT, "2026-03-02T10:00:00Z", Map.of("available", 101L)).only(VarianceDetected.class);
        assertThat(detected.reasonCode()).isEqualTo("OVERSELL_RISK");
        assertThat(detected.expected()).isEqualTo(100);
        scenario.clock.advance(Duration.ofMinutes(4));
        var cleared = scenario.observe(STOREFRONT, "2026-03-02T10:04:00Z", Map.of("available", 100L)).only(VarianceCleared.class);
        assertThat(cleared.varianceId()).isEqualTo(detected.varianceId());
        assertThat(cleared.durationMillis()).isEqualTo(240_000);
        scenario.clock.advance(Duration.ofMinutes(11));
        assertThat(scenario.send(new CloseVarianceWindow(POSITION, detected.varianceId())).events()).isEmpty();
    }

    @Test
    void aStorefrontShowingLessIsASourceMismatch() {
        onHand(100);
        var detected = scenario.observe(STOREFRONT, "2026-03-02T10:00:00Z", Map.of("available", 99L)).only(VarianceDetected.class);
        assertThat(detected.reasonCode()).isEqualTo("SOURCE_MISMATCH");
        scenario.clock.advance(Duration.ofMinutes(15));
        var overdue = scenario.send(new CloseVarianceWindow(POSITION, detected.varianceId())).only(VarianceOverdue.class);
        assertThat(overdue.reasonCode()).isEqualTo("SOURCE_MISMATCH");
        assertThat(overdue.unexplained()).isEqualTo(-1);
    }

    @Test
    void aVarianceThatPersistsKeepsItsWindow() {
        onHand(100);
        var detected = scenario.observe(STOREFRONT, "2026-03-02T10:00:00Z", Map.of("available", 101L)).only(VarianceDetected.class);
        // the storefront keeps sending the same wrong number every five minutes
        scenario.clock.advance(Duration.ofMinutes(5));
        var again = scenario.observe(STOREFRONT, "2026-03-02T10:05:00Z", Map.of("available", 101L));
        assertThat(again.events(VarianceCleared.class)).isEmpty();
        assertThat(again.events(VarianceDetected.class)).isEmpty();
        assertThat(state(again).verdict()).isEqualTo(ObservationVerdict.VARIANCE);
        scenario.clock.advance(Duration.ofMinutes(5));
        scenario.observe(STOREFRONT, "2026-03-02T10:10:00Z", Map.of("available", 102L));
        // the window of the first detection ends with the variance still open, at its latest numbers
        scenario.clock.advance(Duration.ofMinutes(5));
        var overdue = scenario.send(new CloseVarianceWindow(POSITION, detected.varianceId())).only(VarianceOverdue.class);
        assertThat(overdue.reasonCode()).isEqualTo("OVERSELL_RISK");
        assertThat(overdue.reported()).isEqualTo(102);
        assertThat(overdue.unexplained()).isEqualTo(2);
        assertThat(overdue.detectedAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void aNonOwnerVarianceExplainedByTheOwnersObservationClears() {
        onHand(100);
        var detected = scenario.observe(ERP, "2026-03-02T10:30:00Z", Map.of("on_hand", 98L)).only(VarianceDetected.class);
        // the warehouse (owner) finds 98 as well: the reconciled value follows, the ERP was right
        scenario.clock.advance(Duration.ofMinutes(1));
        var owner = scenario.observe(WAREHOUSE, "2026-03-02T10:31:00Z", Map.of("on_hand", 98L));
        assertThat(owner.only(PositionCorrected.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -2L));
        assertThat(owner.events(VarianceCleared.class)).extracting(VarianceCleared::varianceId)
                .containsExactly(detected.varianceId());
        scenario.clock.advance(Duration.ofMinutes(14));
        assertThat(scenario.send(new CloseVarianceWindow(POSITION, detected.varianceId())).events(VarianceOverdue.class)).isEmpty();
    }

    @Test
    void aNonOwnerVarianceExplainedByALateMovementClears() {
        onHand(100);
        var detected = scenario.observe(ERP, "2026-03-02T10:30:00Z", Map.of("on_hand", 98L)).only(VarianceDetected.class);
        // the ERP's own shipment of 10:00 arrives late: its view now includes it
        scenario.clock.advance(Duration.ofMinutes(3));
        var late = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1));
        assertThat(late.only(VarianceCleared.class).varianceId()).isEqualTo(detected.varianceId());
        assertThat(scenario.send(new CloseVarianceWindow(POSITION, detected.varianceId())).events()).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
    }
}
