package org.recon.command.position;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.position.MovementType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.WAREHOUSE;

/** What a position tells the position cache it holds: one item per document step and per applied movement. */
class HeldStateTest {

    private static final AggregateModel<InventoryPosition> MODEL =
            AnnotatedAggregateMetaModelFactory.inspectAggregate(InventoryPosition.class);

    private final PositionScenario scenario = new PositionScenario();

    @Test
    void aPositionHoldsOneItemPerStepAndPerAppliedMovement() {
        assertThat(sourced(scenario.history).heldItems()).isEqualTo(1);

        for (int i = 1; i <= 3; i++) {
            scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:0" + i + ":00Z", 10,
                    new DocumentRef("PO", "PO-" + i, "1"));
        }
        assertThat(sourced(scenario.history).heldItems()).as("three steps, three movements").isEqualTo(7);

        // the ERP reports the first step too: no new step, one more applied movement
        scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T08:05:00Z", 10, new DocumentRef("PO", "PO-1", "1"));
        assertThat(sourced(scenario.history).heldItems()).isEqualTo(8);
    }

    private static InventoryPosition sourced(List<Object> history) {
        InventoryPosition position = new InventoryPosition();
        for (Object event : history) {
            MODEL.publish(GenericEventMessage.asEventMessage(event), position);
        }
        return position;
    }
}
