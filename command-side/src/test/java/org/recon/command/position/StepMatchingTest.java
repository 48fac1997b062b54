package org.recon.command.position;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.COMMITTED;
import static org.recon.api.common.QuantityState.DAMAGED;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.POSITION;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;
import static org.recon.command.position.PositionScenario.order;

/** DESIGN 4.3, matching across systems. */
class StepMatchingTest {

    private final PositionScenario scenario = new PositionScenario();
    private final DocumentRef so1 = order("SO-1");

    @BeforeEach
    void onHand100() {
        DocumentRef po1 = new DocumentRef("PO", "PO-1", "1");
        scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 100, po1);
        scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T08:01:00Z", 100, po1);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(100);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(100);
    }

    @Test
    void provisionalThenTheAuthorityWinsAndTheDifferenceIsApplied() {
        var first = scenario.send(scenario.movement(STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T10:00:00Z", 3, so1));
        assertThat(first.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(first.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("committed", 3L));
        var provisional = first.only(MovementRecorded.class).step();
        assertThat(provisional.provisional()).isTrue();
        assertThat(provisional.effective()).isEqualTo(3);
        assertThat(provisional.inFlight()).containsExactlyEntriesOf(Map.of(ERP, 3L));
        var awaiting = first.only(StepAwaitingReports.class);
        assertThat(awaiting.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(awaiting.highRisk()).isFalse();

        // the ERP (authority) says 2: the effective quantity becomes 2 and committed goes down by 1
        scenario.clock.advance(Duration.ofMinutes(1));
        var second = scenario.send(scenario.movement(ERP, MovementType.ORDER_COMMITTED, "2026-03-02T10:01:00Z", 2, so1));
        assertThat(second.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(second.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("committed", -1L));
        assertThat(scenario.quantity(COMMITTED)).isEqualTo(2);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(98);
        var step = second.only(MovementRecorded.class).step();
        assertThat(step.provisional()).isFalse();
        assertThat(step.effective()).isEqualTo(2);
        assertThat(step.reported()).containsExactlyInAnyOrderEntriesOf(Map.of(STOREFRONT, 3L, ERP, 2L));
        // the storefront is ahead of the authority: over-reported, the step stays incomplete
        assertThat(step.overReported()).containsExactlyEntriesOf(Map.of(STOREFRONT, 1L));
        assertThat(step.inFlight()).isEmpty();
        assertThat(step.complete()).isFalse();
        assertThat(second.events(StepCompleted.class)).isEmpty();

        // its window ends: the storefront's different cumulative quantity is a QUANTITY_MISMATCH
        var overdue = scenario.send(new CloseStepWindow(POSITION, awaiting.stepId())).only(StepOverdue.class);
        assertThat(overdue.lagging()).containsExactly(new LaggingReporter(STOREFRONT, "QUANTITY_MISMATCH", 3, 2));
        assertThat(overdue.detectedAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(overdue.overdueAt()).isEqualTo(Instant.parse("2026-03-02T10:01:00Z"));
    }

    @Test
    void partialShipmentsAccumulateAndInFlightIsPerExpectedReporter() {
        var first = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1));
        assertThat(first.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -2L));
        String episode = first.only(StepAwaitingReports.class).stepId();
        var second = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:05:00Z", 3, so1));
        assertThat(second.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -3L));
        assertThat(second.events(StepAwaitingReports.class)).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(95);
        var step = scenario.lastStep("ORDER/SO-1/1/SHIPPED");
        assertThat(step.reported()).containsExactlyEntriesOf(Map.of(WAREHOUSE, 5L));
        assertThat(step.effective()).isEqualTo(5);
        assertThat(step.provisional()).isFalse();
        assertThat(step.inFlight()).containsExactlyEntriesOf(Map.of(ERP, 5L));

        // the ERP reports in two parts as well: 4 leaves 1 in flight, 1 more completes
        var erp1 = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:06:00Z", 4, so1));
        assertThat(erp1.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(scenario.lastStep("ORDER/SO-1/1/SHIPPED").inFlight()).containsExactlyEntriesOf(Map.of(ERP, 1L));
        assertThat(erp1.events(StepCompleted.class)).isEmpty();
        scenario.clock.advance(Duration.ofMinutes(3));
        var erp2 = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:07:00Z", 1, so1));
        assertThat(erp2.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        var completed = erp2.only(StepCompleted.class);
        assertThat(completed.stepId()).isEqualTo(episode);
        assertThat(completed.durationMillis()).isEqualTo(180_000);
        assertThat(completed.step().complete()).isTrue();
        assertThat(completed.step().inFlight()).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(95);
    }

    @Test
    void overReportingAheadOfTheAuthorityKeepsTheStepIncomplete() {
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1);
        var ahead = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:01:00Z", 3, so1));
        // the authority (WAREHOUSE) said 2: the ERP's 3 does not change the position
        assertThat(ahead.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(ahead.only(MovementRecorded.class).changes()).isEmpty();
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
        var step = scenario.lastStep("ORDER/SO-1/1/SHIPPED");
        assertThat(step.effective()).isEqualTo(2);
        assertThat(step.overReported()).containsExactlyEntriesOf(Map.of(ERP, 1L));
        assertThat(step.complete()).isFalse();
        assertThat(ahead.events(StepCompleted.class)).isEmpty();

        // the authority catches up to 3: effective 3, complete
        var caughtUp = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:02:00Z", 1, so1));
        assertThat(caughtUp.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -1L));
        assertThat(caughtUp.only(StepCompleted.class).step().effective()).isEqualTo(3);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(97);
    }

    @Test
    void aNonExpectedReporterCountsLikeAnyOtherReport() {
        // STOREFRONT is not an expected reporter of SHIPPED, but its report is provisional like any other
        var storefront = scenario.send(scenario.movement(STOREFRONT, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1));
        assertThat(storefront.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(storefront.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -2L));
        var step = storefront.only(MovementRecorded.class).step();
        assertThat(step.provisional()).isTrue();
        assertThat(step.effective()).isEqualTo(2);
        assertThat(step.inFlight()).containsExactlyInAnyOrderEntriesOf(Map.of(WAREHOUSE, 2L, ERP, 2L));
        String episode = storefront.only(StepAwaitingReports.class).stepId();

        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:01:00Z", 2, so1);
        var done = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:02:00Z", 2, so1));
        assertThat(done.only(StepCompleted.class).stepId()).isEqualTo(episode);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
    }

    @Test
    void aNonExpectedReporterBelowTheAuthorityDoesNotBlockCompletion() {
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 3, so1);
        scenario.move(STOREFRONT, MovementType.SHIPPED, "2026-03-02T10:00:30Z", 1, so1);
        var done = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:01:00Z", 3, so1));
        assertThat(done.events(StepCompleted.class)).hasSize(1);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(97);
    }

    @Test
    void aMovementWithoutADocumentIsCompleteAtOnce() {
        var warehouse = scenario.send(scenario.movement(WAREHOUSE, MovementType.DAMAGED, "2026-03-02T10:00:00Z", 2, null));
        assertThat(warehouse.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(warehouse.only(MovementRecorded.class).step()).isNull();
        assertThat(warehouse.events(StepAwaitingReports.class)).isEmpty();
        // no other report can match it: the ERP's own DAMAGED without a document is another step
        var erp = scenario.send(scenario.movement(ERP, MovementType.DAMAGED, "2026-03-02T10:01:00Z", 2, null));
        assertThat(erp.events(StepAwaitingReports.class)).isEmpty();
        assertThat(scenario.quantity(DAMAGED)).isEqualTo(4);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(96);
        assertThat(scenario.history.stream().filter(StepAwaitingReports.class::isInstance)
                .map(StepAwaitingReports.class::cast).map(e -> e.step().type())).containsOnly(MovementType.RECEIVED);
    }

    @Test
    void windowEndMissingVsMismatchPerSystem() {
        // STOREFRONT (not expected) says 2, ERP says 1, the authority WAREHOUSE nothing
        var first = scenario.send(scenario.movement(STOREFRONT, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1));
        String episode = first.only(StepAwaitingReports.class).stepId();
        scenario.move(ERP, MovementType.SHIPPED, "2026-03-02T10:01:00Z", 1, so1);
        scenario.clock.advance(Duration.ofMinutes(15));
        var overdue = scenario.send(new CloseStepWindow(POSITION, episode)).only(StepOverdue.class);
        assertThat(overdue.stepId()).isEqualTo(episode);
        assertThat(overdue.lagging()).containsExactlyInAnyOrder(
                new LaggingReporter(WAREHOUSE, "MISSING_ACKNOWLEDGEMENT", 0, 2),
                new LaggingReporter(ERP, "QUANTITY_MISMATCH", 1, 2));
        assertThat(overdue.highRisk()).isFalse();
        assertThat(overdue.overdueAt()).isEqualTo(Instant.parse("2026-03-02T10:15:00Z"));

        // closing the same window again changes nothing
        assertThat(scenario.send(new CloseStepWindow(POSITION, episode)).events()).isEmpty();

        // late completion: the same episode id completes
        scenario.clock.advance(Duration.ofMinutes(5));
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:02:00Z", 2, so1);
        var late = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T10:03:00Z", 1, so1));
        var completed = late.only(StepCompleted.class);
        assertThat(completed.stepId()).isEqualTo(episode);
        assertThat(completed.durationMillis()).isEqualTo(Duration.ofMinutes(20).toMillis());
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(98);
    }

    @Test
    void aWindowEndingAfterCompletionChangesNothing() {
        var first = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1));
        String episode = first.only(StepAwaitingReports.class).stepId();
        scenario.move(ERP, MovementType.SHIPPED, "2026-03-02T10:01:00Z", 2, so1);
        assertThat(scenario.send(new CloseStepWindow(POSITION, episode)).events()).isEmpty();
    }

    @Test
    void aCompletedStepThatMovesAgainOpensANewEpisode() {
        var first = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:00:00Z", 2, so1));
        String episode = first.only(StepAwaitingReports.class).stepId();
        scenario.move(ERP, MovementType.SHIPPED, "2026-03-02T10:01:00Z", 2, so1);
        var more = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T10:02:00Z", 1, so1));
        String next = more.only(StepAwaitingReports.class).stepId();
        assertThat(next).isNotEqualTo(episode);
        assertThat(more.only(StepAwaitingReports.class).step().inFlight()).containsExactlyEntriesOf(Map.of(ERP, 1L));
        // the old episode's window is over and done with
        assertThat(scenario.send(new CloseStepWindow(POSITION, episode)).events()).isEmpty();
        assertThat(scenario.send(new CloseStepWindow(POSITION, next)).only(StepOverdue.class).lagging())
                .containsExactly(new LaggingReporter(ERP, "QUANTITY_MISMATCH", 2, 3));
    }

    @Test
    void aHighRiskPositionGetsTheShortWindow() {
        var fresh = new PositionScenario();
        // available 0 <= 5: low stock
        var outcome = fresh.send(fresh.movement(STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T10:00:00Z", 1, so1));
        var awaiting = outcome.only(StepAwaitingReports.class);
        assertThat(awaiting.highRisk()).isTrue();
        assertThat(awaiting.window()).isEqualTo(Duration.ofMinutes(2));
    }
}
