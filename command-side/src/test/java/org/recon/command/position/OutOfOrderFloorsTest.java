package org.recon.command.position;

import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.QuantityState;
import org.recon.api.position.MovementType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;
import static org.recon.command.position.PositionScenario.order;

/**
 * Floors ("not below 0") must not make the result depend on arrival order: a shipment that arrives
 * before its order's commitment holds back the reduction it could not make, and the late
 * commitment absorbs it.
 */
class OutOfOrderFloorsTest {

    private final DocumentRef so = order("SO-9");
    private final DocumentRef po = new DocumentRef("PO", "PO-9", "1");

    private Map<QuantityState, Long> run(boolean inOrder) {
        PositionScenario scenario = new PositionScenario();
        scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T08:00:00Z", 10, new DocumentRef("PO", "PO-0", "1"));
        Runnable expect = () -> scenario.move(ERP, MovementType.RECEIPT_EXPECTED, "2026-03-02T08:30:00Z", 6, po);
        Runnable receive = () -> scenario.move(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T09:00:00Z", 4, po);
        Runnable commit = () -> scenario.move(STOREFRONT, MovementType.ORDER_COMMITTED, "2026-03-02T10:00:00Z", 3, so);
        Runnable pick = () -> scenario.move(WAREHOUSE, MovementType.PICKED, "2026-03-02T10:20:00Z", 3, so);
        Runnable ship = () -> scenario.move(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T11:00:00Z", 3, so);
        if (inOrder) {
            expect.run();
            receive.run();
            commit.run();
            pick.run();
            ship.run();
        } else {
            ship.run();
            receive.run();
            pick.run();
            commit.run();
            expect.run();
        }
        Map<QuantityState, Long> quantities = scenario.quantities();
        quantities.replaceAll((state, value) -> value);
        quantities.entrySet().removeIf(entry -> entry.getValue() == 0);
        return quantities;
    }

    @Test
    void shipmentBeforeCommitmentAndReceiptBeforeExpectationEndWhereInOrderArrivalDoes() {
        Map<QuantityState, Long> inOrder = run(true);
        assertThat(inOrder).containsExactlyInAnyOrderEntriesOf(Map.of(QuantityState.ON_HAND, 11L, QuantityState.INCOMING, 2L));
        assertThat(run(false)).isEqualTo(inOrder);
    }
}
