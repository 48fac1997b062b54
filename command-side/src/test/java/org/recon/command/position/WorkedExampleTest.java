package org.recon.command.position;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementType;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.VarianceDetected;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.COMMITTED;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.api.common.QuantityState.PICKED;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;
import static org.recon.command.position.PositionScenario.order;

/** DESIGN 4.6, step by step, against the aggregate. */
class WorkedExampleTest {

    private final PositionScenario scenario = new PositionScenario();
    private final DocumentRef so1 = order("SO-1");

    @BeforeEach
    void purchaseOrderReceivedByBoth() {
        DocumentRef po1 = new DocumentRef("PO", "PO-1", "1");
        assertThat(scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 10, po1)).isEqualTo(IngestOutcome.APPLIED);
        assertThat(scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T08:01:00Z", 10, po1)).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(10);
        assertThat(scenario.lastStep("PO/PO-1/1/RECEIVED").complete()).isTrue();
    }

    @Test
    void theWholeDay() {
        // 1. storefront commits first: provisional, ERP in flight
        var first = scenario.send(scenario.movement(STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T10:00:00Z", 2, so1));
        assertThat(first.result()).isEqualTo(IngestOutcome.APPLIED);
        assertThat(scenario.quantity(COMMITTED)).isEqualTo(2);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(8);
        var step = scenario.lastStep("ORDER/SO-1/1/ORDER_COMMITTED");
        assertThat(step.provisional()).isTrue();
        assertThat(step.effective()).isEqualTo(2);
        assertThat(step.inFlight()).containsExactlyEntriesOf(Map.of(ERP, 2L));
        assertThat(first.only(StepAwaitingReports.class).window()).isEqualTo(Duration.ofMinutes(15));

        // 2. ERP acknowledges: authoritative, complete, nothing changes
        scenario.clock.advance(Duration.ofMinutes(1));
        var second = scenario.send(scenario.movement(ERP, MovementType.ORDER_COMMITTED, "2026-03-02T10:01:00Z", 2, so1));
        assertThat(second.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(scenario.quantity(COMMITTED)).isEqualTo(2);
        assertThat(scenario.lastStep("ORDER/SO-1/1/ORDER_COMMITTED").provisional()).isFalse();
        assertThat(second.only(StepCompleted.class).durationMillis()).isEqualTo(60_000);

        // 3. picked
        scenario.move(WAREHOUSE, MovementType.PICKED, "2026-03-02T10:20:00Z", 2, so1);
        assertThat(scenario.quantity(PICKED)).isEqualTo(2);

        // 4. storefront sees available 8: in sync
        var fourth = scenario.observe(STOREFRONT, "2026-03-02T10:30:00Z", Map.of("available", 8L));
        assertThat(fourth.only(ObservationRecorded.class).states().get(0).verdict()).isEqualTo(ObservationVerdict.IN_SYNC);

        // 5. shipped in two parts
        scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:05:00Z", 1, so1);
        var shipped = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:06:00Z", 1, so1));
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(8);
        assertThat(scenario.quantity(COMMITTED)).isZero();
        assertThat(scenario.quantity(PICKED)).isZero();
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(8);
        assertThat(scenario.lastStep("ORDER/SO-1/1/SHIPPED").inFlight()).containsExactlyEntriesOf(Map.of(ERP, 2L));
        String shipmentWindow = scenario.history.stream().filter(StepAwaitingReports.class::isInstance)
                .map(StepAwaitingReports.class::cast).filter(e -> e.step().type() == MovementType.SHIPPED)
                .findFirst().orElseThrow().stepId();
        assertThat(shipped.events(StepAwaitingReports.class)).isEmpty();

        // 6. ERP still says 10: timing, explained by the shipment in flight
        var sixth = scenario.observe(ERP, "2026-03-02T11:10:00Z", Map.of("on_hand", 10L));
        var erpView = sixth.only(ObservationRecorded.class).states().get(0);
        assertThat(erpView.expected()).isEqualTo(10);
        assertThat(erpView.unexplained()).isZero();
        assertThat(erpView.verdict()).isEqualTo(ObservationVerdict.TIMING);
        assertThat(sixth.events(VarianceDetected.class)).isEmpty();

        // 7. the window ends without the ERP's shipment: overdue, ERP missing
        var seventh = scenario.send(new CloseStepWindow(PositionScenario.POSITION, shipmentWindow));
        assertThat(seventh.only(StepOverdue.class).lagging())
                .containsExactly(new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2));

        // 8. storefront shows one more than expected: a variance (oversell risk)
        var eighth = scenario.observe(STOREFRONT, "2026-03-02T11:15:00Z", Map.of("available", 9L));
        var variance = eighth.only(VarianceDetected.class);
        assertThat(variance.unexplained()).isEqualTo(1);
        assertThat(variance.reasonCode()).isEqualTo("OVERSELL_RISK");

        // 9. the warehouse counts 7: it owns on_hand, so the reconciled value follows, with evidence
        var ninth = scenario.observe(WAREHOUSE, "2026-03-02T12:00:00Z", Map.of("on_hand", 7L));
        assertThat(ninth.only(PositionCorrected.class).changes()).containsExactlyEntriesOf(Map.of("on_hand", -1L));
        assertThat(ninth.only(VarianceDetected.class).reasonCode()).isEqualTo("COUNT_VARIANCE");
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(7);

        // the ERP's late shipment completes the step (and would auto-resolve the exception)
        var late = scenario.send(scenario.movement(ERP, MovementType.SHIPPED, "2026-03-02T11:07:00Z", 2, so1));
        assertThat(late.result()).isEqualTo(IngestOutcome.ACKNOWLEDGED);
        assertThat(late.only(StepCompleted.class).stepId()).isEqualTo(shipmentWindow);
        assertThat(scenario.quantity(ON_HAND)).isEqualTo(7);
    }
}
