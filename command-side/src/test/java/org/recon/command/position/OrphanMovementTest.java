package org.recon.command.position;

import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.position.CloseVarianceWindow;
import org.recon.api.position.MovementType;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.command.position.PositionScenario.WAREHOUSE;

/** A return restocked before anyone reported it received: ORPHAN_MOVEMENT unless the receipt turns up in time. */
class OrphanMovementTest {

    private final PositionScenario scenario = new PositionScenario();
    private final DocumentRef rma = new DocumentRef("RMA", "RMA-7", "1");

    @Test
    void restockWithoutReceiptIsAnOrphanThatTheLateReceiptClears() {
        var restocked = scenario.send(scenario.movement(WAREHOUSE, MovementType.RETURN_RESTOCKED, "2026-03-02T10:00:00Z", 1, rma));
        VarianceDetected orphan = restocked.only(VarianceDetected.class);
        assertThat(orphan.reasonCode()).isEqualTo("ORPHAN_MOVEMENT");
        assertThat(orphan.system()).isEqualTo(WAREHOUSE);

        var received = scenario.send(scenario.movement(WAREHOUSE, MovementType.RETURN_RECEIVED, "2026-03-02T09:00:00Z", 1, rma));
        assertThat(received.only(VarianceCleared.class).varianceId()).isEqualTo(orphan.varianceId());
        var closed = scenario.send(new CloseVarianceWindow(PositionScenario.POSITION, orphan.varianceId()));
        assertThat(closed.events()).isEmpty();
    }

    @Test
    void anOrphanStillStandingWhenItsWindowEndsIsOverdue() {
        var restocked = scenario.send(scenario.movement(WAREHOUSE, MovementType.RETURN_DAMAGED, "2026-03-02T10:00:00Z", 2, rma));
        String id = restocked.only(VarianceDetected.class).varianceId();
        var closed = scenario.send(new CloseVarianceWindow(PositionScenario.POSITION, id));
        VarianceOverdue overdue = closed.only(VarianceOverdue.class);
        assertThat(overdue.reasonCode()).isEqualTo("ORPHAN_MOVEMENT");
        assertThat(overdue.reported()).isEqualTo(2);
    }

    @Test
    void restockAfterTheReceiptIsNoOrphan() {
        scenario.move(WAREHOUSE, MovementType.RETURN_RECEIVED, "2026-03-02T09:00:00Z", 1, rma);
        var restocked = scenario.send(scenario.movement(WAREHOUSE, MovementType.RETURN_RESTOCKED, "2026-03-02T10:00:00Z", 1, rma));
        assertThat(restocked.events(VarianceDetected.class)).isEmpty();
    }
}
