package org.recon.command.position;

import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.ExpectTransferArrival;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.TransferArrivalExpected;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.INCOMING;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.WAREHOUSE;

/** DESIGN 4.3, transfers: shipped at the origin, expected and received at the destination. */
class TransferTest {

    private static final PositionId ORIGIN = PositionId.of("TSHIRT-RED-M", "WH-EAST");
    private static final PositionId DESTINATION = PositionId.of("TSHIRT-RED-M", "WH-WEST");
    private static final DocumentRef T1 = new DocumentRef("TRANSFER", "T-1", "1");

    private final PositionScenario origin = new PositionScenario(ORIGIN, sku -> false);
    private final PositionScenario destination = new PositionScenario(DESTINATION, sku -> false);

    private ExpectTransferArrival arrival(long quantity) {
        return new ExpectTransferArrival(DESTINATION, ORIGIN.location(), WAREHOUSE, "warehouse-ts-1", T1, quantity,
                Instant.parse("2026-03-02T10:00:00Z"), "warehouse-dev");
    }

    @Test
    void transferShippedLowersOnHandAtTheOrigin() {
        DocumentRef po = new DocumentRef("PO", "PO-1", "1");
        origin.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 20, po);
        origin.move(ERP, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 20, po);
        RecordMovement base = origin.movement(WAREHOUSE, MovementType.TRANSFER_SHIPPED, "2026-03-02T10:00:00Z", 5, T1);
        RecordMovement shipped = new RecordMovement(base.positionId(), base.system(), base.eventId(), base.type(),
                base.occurredAt(), base.quantity(), 0, null, T1, LocationCode.of("WH-WEST"), null, null, null,
                base.actor(), false, null);
        var outcome = origin.send(shipped);
        assertThat(outcome.result()).isEqualTo(IngestOutcome.APPLIED);
        MovementRecorded recorded = outcome.only(MovementRecorded.class);
        assertThat(recorded.changes()).containsExactlyEntriesOf(Map.of("on_hand", -5L));
        assertThat(recorded.toLocation()).isEqualTo(LocationCode.of("WH-WEST"));
        assertThat(recorded.step().inFlight()).containsExactlyEntriesOf(Map.of(ERP, 5L));
        assertThat(origin.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 15L));
        assertThat(origin.quantity(AVAILABLE)).isEqualTo(15);
        // incoming is never raised here: it rises at the destination
        assertThat(origin.quantity(INCOMING)).isZero();
    }

    @Test
    void expectedAtTheDestinationThenReceivedByBoth() {
        var expected = destination.send(arrival(5));
        var raised = expected.only(TransferArrivalExpected.class);
        assertThat(raised.changes()).containsExactlyEntriesOf(Map.of("incoming", 5L));
        assertThat(raised.fromLocation()).isEqualTo(LocationCode.of("WH-EAST"));
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(INCOMING, 5L));
        var awaiting = expected.only(StepAwaitingReports.class);
        assertThat(awaiting.window()).isEqualTo(Duration.ofDays(2));
        assertThat(awaiting.step().type()).isEqualTo(MovementType.TRANSFER_RECEIVED);
        assertThat(awaiting.step().inFlight()).containsExactlyInAnyOrderEntriesOf(Map.of(WAREHOUSE, 5L, ERP, 5L));
        String episode = awaiting.stepId();

        // delivered again (saga retry): nothing more
        assertThat(destination.send(arrival(5)).events()).isEmpty();
        assertThat(destination.quantity(INCOMING)).isEqualTo(5);

        destination.clock.advance(Duration.ofHours(20));
        var received = destination.send(destination.movement(WAREHOUSE, MovementType.TRANSFER_RECEIVED,
                "2026-03-03T06:00:00Z", 5, T1));
        assertThat(received.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(received.only(MovementRecorded.class).changes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", 5L, "incoming", -5L));
        assertThat(received.events(StepAwaitingReports.class)).isEmpty();
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 5L, INCOMING, 0L));
        assertThat(destination.lastStep("TRANSFER/T-1/1/TRANSFER_RECEIVED").inFlight())
                .containsExactlyEntriesOf(Map.of(ERP, 5L));

        var acknowledged = destination.send(destination.movement(ERP, MovementType.TRANSFER_RECEIVED,
                "2026-03-03T06:01:00Z", 5, T1));
        assertThat(acknowledged.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        var completed = acknowledged.only(StepCompleted.class);
        assertThat(completed.stepId()).isEqualTo(episode);
        assertThat(completed.durationMillis()).isEqualTo(Duration.ofHours(20).toMillis());
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 5L, INCOMING, 0L));
    }

    @Test
    void notReceivedWithinTheTransitWindowIsMissingAtTheDestination() {
        String episode = destination.send(arrival(5)).only(StepAwaitingReports.class).stepId();
        destination.move(WAREHOUSE, MovementType.TRANSFER_RECEIVED, "2026-03-02T12:00:00Z", 3, T1);
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 3L, INCOMING, 2L));
        destination.clock.advance(Duration.ofDays(2));
        var overdue = destination.send(new CloseStepWindow(DESTINATION, episode)).only(StepOverdue.class);
        assertThat(overdue.lagging()).containsExactlyInAnyOrder(
                new LaggingReporter(WAREHOUSE, "QUANTITY_MISMATCH", 3, 5),
                new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 5));
    }

    @Test
    void receivedBeforeTheArrivalWasExpectedDoesNotLeaveIncomingBehind() {
        // the destination's receipt is recorded first (e.g. the origin's shipment was parked and replayed)
        var received = destination.send(destination.movement(WAREHOUSE, MovementType.TRANSFER_RECEIVED,
                "2026-03-02T12:00:00Z", 5, T1));
        assertThat(received.only(MovementRecorded.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", 5L));
        destination.send(arrival(5));
        // in-order arrival would end at on_hand 5, incoming 0: so must this
        assertThat(destination.quantity(INCOMING)).isZero();
        assertThat(destination.quantity(ON_HAND)).isEqualTo(5);
        destination.move(ERP, MovementType.TRANSFER_RECEIVED, "2026-03-02T12:01:00Z", 5, T1);
        assertThat(destination.lastStep("TRANSFER/T-1/1/TRANSFER_RECEIVED").complete()).isTrue();
        assertThat(destination.quantity(ON_HAND)).isEqualTo(5);
        assertThat(destination.quantity(INCOMING)).isZero();
    }

    @Test
    void theWarehouseLoweringTheErpsProvisionalReceiptKeepsTheRestIncoming() {
        destination.send(arrival(5));
        destination.move(ERP, MovementType.TRANSFER_RECEIVED, "2026-03-02T12:00:00Z", 5, T1);
        assertThat(destination.quantity(INCOMING)).isZero();
        var authority = destination.send(destination.movement(WAREHOUSE, MovementType.TRANSFER_RECEIVED,
                "2026-03-02T12:01:00Z", 4, T1));
        assertThat(authority.only(MovementRecorded.class).changes())
                .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -1L, "incoming", 1L));
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 4L, INCOMING, 1L));
    }

    @Test
    void anArrivalShippedBeforeTheErpsObservationOfIncomingIsAlreadyIncluded() {
        // the ERP (owner of incoming) already counts the transfer shipped at 10:00 in its 10:30 view
        var detected = destination.observe(ERP, "2026-03-02T10:30:00Z", Map.of("incoming", 5L))
                .only(org.recon.api.position.VarianceDetected.class);
        assertThat(detected.reasonCode()).isEqualTo("COUNT_VARIANCE");
        assertThat(destination.quantity(INCOMING)).isEqualTo(5);
        destination.clock.advance(Duration.ofMinutes(1));
        var expected = destination.send(arrival(5));
        assertThat(expected.only(TransferArrivalExpected.class).changes()).isEmpty();
        assertThat(destination.quantity(INCOMING)).isEqualTo(5);
        assertThat(expected.only(StepAwaitingReports.class).window()).isEqualTo(Duration.ofDays(2));
        assertThat(expected.events(org.recon.api.position.VarianceCleared.class))
                .extracting(org.recon.api.position.VarianceCleared::varianceId).containsExactly(detected.varianceId());
        destination.clock.advance(Duration.ofMinutes(1));
        assertThat(destination.send(new org.recon.api.position.CloseVarianceWindow(DESTINATION, detected.varianceId()))
                .events(org.recon.api.position.VarianceOverdue.class)).isEmpty();
        // received afterwards: incoming back to 0
        destination.move(WAREHOUSE, MovementType.TRANSFER_RECEIVED, "2026-03-03T09:00:00Z", 5, T1);
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 5L, INCOMING, 0L));
    }

    @Test
    void receivedBeforeTheArrivalWasExpectedKeepsOtherIncoming() {
        // a purchase order of 10 is expected here too; the early transfer receipt took 5 off incoming
        destination.move(ERP, MovementType.RECEIPT_EXPECTED, "2026-03-02T08:00:00Z", 10, new DocumentRef("PO", "PO-7", "1"));
        destination.move(WAREHOUSE, MovementType.TRANSFER_RECEIVED, "2026-03-02T12:00:00Z", 5, T1);
        assertThat(destination.quantity(INCOMING)).isEqualTo(5);
        destination.send(arrival(5));
        // the transfer's arrival is settled; the purchase order's 10 is still to come
        assertThat(destination.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 5L, INCOMING, 10L));
    }
}
