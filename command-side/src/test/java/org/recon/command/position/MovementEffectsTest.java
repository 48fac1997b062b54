package org.recon.command.position;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.StepAwaitingReports;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.api.common.QuantityState.AVAILABLE;
import static org.recon.api.common.QuantityState.COMMITTED;
import static org.recon.api.common.QuantityState.DAMAGED;
import static org.recon.api.common.QuantityState.INCOMING;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.api.common.QuantityState.PICKED;
import static org.recon.api.common.QuantityState.QUALITY_CONTROL;
import static org.recon.api.common.QuantityState.RESERVED;
import static org.recon.api.common.QuantityState.SAFETY_STOCK;
import static org.recon.command.position.PositionScenario.ERP;
import static org.recon.command.position.PositionScenario.STOREFRONT;
import static org.recon.command.position.PositionScenario.WAREHOUSE;

/** DESIGN 4.3, the table: every movement type's exact effect, expected reporters and authority. */
class MovementEffectsTest {

    private static final DocumentRef DOC = new DocumentRef("DOC", "D-1", "1");

    private final PositionScenario scenario = new PositionScenario();

    /**
     * A baseline set by the owners' observations at 08:00 (each owner sets its states):
     * on_hand 100, committed 10, reserved 10, damaged 10, quality_control 10, picked 10, incoming 10,
     * safety_stock 0, so available 60.
     */
    private void baseline() {
        scenario.observe(WAREHOUSE, "2026-03-02T08:00:00Z",
                Map.of("on_hand", 100L, "damaged", 10L, "quality_control", 10L, "picked", 10L));
        scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("committed", 10L, "incoming", 10L));
        scenario.observe(STOREFRONT, "2026-03-02T08:00:00Z", Map.of("reserved", 10L));
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 100L, DAMAGED, 10L,
                QUALITY_CONTROL, 10L, PICKED, 10L, COMMITTED, 10L, INCOMING, 10L, RESERVED, 10L));
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(60);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row(MovementType.RESERVATION_CREATED, STOREFRONT, Set.of(STOREFRONT), Map.of(RESERVED, 3L)),
                row(MovementType.RESERVATION_RELEASED, STOREFRONT, Set.of(STOREFRONT), Map.of(RESERVED, -3L)),
                row(MovementType.ORDER_COMMITTED, ERP, Set.of(STOREFRONT, ERP), Map.of(COMMITTED, 3L)),
                row(MovementType.ORDER_CANCELLED, ERP, Set.of(STOREFRONT, ERP), Map.of(COMMITTED, -3L)),
                row(MovementType.PICKED, WAREHOUSE, Set.of(WAREHOUSE), Map.of(PICKED, 3L)),
                row(MovementType.SHIPPED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(ON_HAND, -3L, COMMITTED, -3L, PICKED, -3L)),
                row(MovementType.RECEIPT_EXPECTED, ERP, Set.of(ERP), Map.of(INCOMING, 3L)),
                row(MovementType.RECEIVED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(ON_HAND, 3L, INCOMING, -3L)),
                row(MovementType.TRANSFER_SHIPPED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(ON_HAND, -3L)),
                row(MovementType.TRANSFER_RECEIVED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(ON_HAND, 3L, INCOMING, -3L)),
                row(MovementType.RETURN_RECEIVED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(ON_HAND, 3L, QUALITY_CONTROL, 3L)),
                row(MovementType.RETURN_RESTOCKED, WAREHOUSE, Set.of(WAREHOUSE), Map.of(QUALITY_CONTROL, -3L)),
                row(MovementType.RETURN_DAMAGED, WAREHOUSE, Set.of(WAREHOUSE), Map.of(QUALITY_CONTROL, -3L, DAMAGED, 3L)),
                row(MovementType.DAMAGED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(DAMAGED, 3L)),
                row(MovementType.SCRAPPED, WAREHOUSE, Set.of(WAREHOUSE, ERP), Map.of(ON_HAND, -3L, DAMAGED, -3L)),
                row(MovementType.REFUND_ISSUED, ERP, Set.of(ERP), Map.of()));
    }

    private static Arguments row(MovementType type, SystemId authority, Set<SystemId> reporters, Map<QuantityState, Long> effect) {
        return Arguments.of(type, authority, reporters, effect);
    }

    @Test
    void theTableCoversEveryTypeButAdjustedAndCounted() {
        assertThat(table().map(arguments -> (MovementType) arguments.get()[0]))
                .containsExactlyInAnyOrder(Stream.of(MovementType.values())
                        .filter(type -> type != MovementType.ADJUSTED && type != MovementType.COUNTED)
                        .toArray(MovementType[]::new));
        assertThat(MovementRules.defaults().expectedReporters(MovementType.ADJUSTED)).isEmpty();
        assertThat(MovementRules.defaults().expectedReporters(MovementType.COUNTED)).isEmpty();
        assertThat(MovementRules.defaults().authorityOf(MovementType.COUNTED)).isEqualTo(WAREHOUSE);
    }

    @ParameterizedTest(name = "{0} by its authority {1}")
    @MethodSource("table")
    void exactEffectOfEachType(MovementType type, SystemId authority, Set<SystemId> reporters,
                               Map<QuantityState, Long> effect) {
        baseline();
        Map<QuantityState, Long> before = scenario.quantities();

        var outcome = scenario.send(scenario.movement(authority, type, "2026-03-02T09:00:00Z", 3, DOC));

        MovementRecorded recorded = outcome.only(MovementRecorded.class);
        Map<String, Long> codes = new java.util.HashMap<>();
        effect.forEach((state, change) -> codes.put(state.code(), change));
        assertThat(recorded.changes()).containsExactlyInAnyOrderEntriesOf(codes);
        assertThat(recorded.alreadyIncluded()).isEmpty();
        // the response is the recorded outcome: REFUND_ISSUED changes nothing, so it is ACKNOWLEDGED
        assertThat(outcome.result()).isEqualTo(effect.isEmpty() ? IngestOutcome.ACKNOWLEDGED : IngestOutcome.APPLIED);
        assertThat(recorded.outcome()).isEqualTo(outcome.result());
        assertThat(recorded.step().authority()).isEqualTo(authority);
        assertThat(recorded.step().expectedReporters()).containsExactlyInAnyOrderElementsOf(reporters);
        assertThat(recorded.step().provisional()).isFalse();
        assertThat(recorded.step().effective()).isEqualTo(3);

        Map<QuantityState, Long> after = new EnumMap<>(before);
        effect.forEach((state, change) -> after.merge(state, change, Long::sum));
        assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(after);

        // the authority alone completes a step only when it is the sole expected reporter
        boolean alone = reporters.equals(Set.of(authority));
        assertThat(recorded.step().complete()).isEqualTo(alone);
        assertThat(outcome.events(StepAwaitingReports.class)).hasSize(alone ? 0 : 1);
        Set<SystemId> behind = new java.util.HashSet<>(reporters);
        behind.remove(authority);
        Map<SystemId, Long> inFlight = new java.util.HashMap<>();
        behind.forEach(system -> inFlight.put(system, 3L));
        assertThat(recorded.step().inFlight()).containsExactlyInAnyOrderEntriesOf(inFlight);
    }

    @Nested
    class Floors {

        @Test
        void shippedDoesNotTakeCommittedOrPickedBelowZero() {
            // nothing committed or picked: only on_hand moves (on_hand itself is not floored)
            var outcome = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T09:00:00Z", 3, DOC));
            assertThat(outcome.only(MovementRecorded.class).changes()).containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -3L));
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, -3L));
        }

        @Test
        void shippedTakesCommittedAndPickedDownToZeroOnly() {
            scenario.observe(WAREHOUSE, "2026-03-02T08:00:00Z", Map.of("on_hand", 20L, "picked", 1L));
            scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("committed", 2L));
            var outcome = scenario.send(scenario.movement(WAREHOUSE, MovementType.SHIPPED, "2026-03-02T09:00:00Z", 5, DOC));
            assertThat(outcome.only(MovementRecorded.class).changes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -5L, "committed", -2L, "picked", -1L));
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 15L, COMMITTED, 0L, PICKED, 0L));
            assertThat(scenario.quantity(AVAILABLE)).isEqualTo(15);
        }

        @Test
        void receivedDoesNotTakeIncomingBelowZero() {
            scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("incoming", 2L));
            var outcome = scenario.send(scenario.movement(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T09:00:00Z", 5, DOC));
            assertThat(outcome.only(MovementRecorded.class).changes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", 5L, "incoming", -2L));
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 5L, INCOMING, 0L));

            var again = scenario.send(scenario.movement(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T09:10:00Z", 4,
                    new DocumentRef("PO", "PO-9", "1")));
            assertThat(again.only(MovementRecorded.class).changes()).containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", 4L));
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 9L, INCOMING, 0L));
        }

        @Test
        void transferReceivedDoesNotTakeIncomingBelowZero() {
            scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("incoming", 1L));
            var outcome = scenario.send(scenario.movement(WAREHOUSE, MovementType.TRANSFER_RECEIVED, "2026-03-02T09:00:00Z", 4,
                    new DocumentRef("TRANSFER", "T-1", null)));
            assertThat(outcome.only(MovementRecorded.class).changes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", 4L, "incoming", -1L));
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 4L, INCOMING, 0L));
        }

        @Test
        void theAuthorityLoweringAProvisionalReceiptGivesBackOnlyWhatWasTaken() {
            // incoming 3; the ERP reports a receipt of 5 first (incoming floored at 0), the warehouse says 4
            scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("incoming", 3L));
            DocumentRef po = new DocumentRef("PO", "PO-2", "1");
            var provisional = scenario.send(scenario.movement(ERP, MovementType.RECEIVED, "2026-03-02T09:00:00Z", 5, po));
            assertThat(provisional.only(MovementRecorded.class).changes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", 5L, "incoming", -3L));
            var authority = scenario.send(scenario.movement(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T09:01:00Z", 4, po));
            assertThat(authority.only(MovementRecorded.class).changes()).containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -1L));
            // as if only the 4 had been reported: on_hand 4, incoming max(0, 3 - 4) = 0
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 4L, INCOMING, 0L));
        }

        @Test
        void theAuthorityLoweringAProvisionalReceiptGivesBackWhatItShouldNotHaveTaken() {
            scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("incoming", 10L));
            DocumentRef po = new DocumentRef("PO", "PO-2", "1");
            scenario.move(ERP, MovementType.RECEIVED, "2026-03-02T09:00:00Z", 5, po);
            var authority = scenario.send(scenario.movement(WAREHOUSE, MovementType.RECEIVED, "2026-03-02T09:01:00Z", 4, po));
            assertThat(authority.only(MovementRecorded.class).changes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("on_hand", -1L, "incoming", 1L));
            assertThat(scenario.quantities()).containsExactlyInAnyOrderEntriesOf(Map.of(ON_HAND, 4L, INCOMING, 6L));
        }

        @Test
        void otherDecrementsAreNotFloored() {
            var outcome = scenario.send(scenario.movement(WAREHOUSE, MovementType.RETURN_RESTOCKED, "2026-03-02T09:00:00Z", 2,
                    new DocumentRef("RMA", "R-1", null)));
            assertThat(outcome.only(MovementRecorded.class).changes())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("quality_control", -2L));
            assertThat(scenario.quantity(AVAILABLE)).isEqualTo(2);
        }
    }

    @Test
    void safetyStockIsHeldFromOnHand() {
        scenario.observe(WAREHOUSE, "2026-03-02T08:00:00Z", Map.of("on_hand", 20L));
        scenario.observe(ERP, "2026-03-02T08:00:00Z", Map.of("safety_stock", 4L));
        assertThat(scenario.quantities()).containsEntry(SAFETY_STOCK, 4L);
        assertThat(scenario.quantity(AVAILABLE)).isEqualTo(16);
    }
}
