package org.recon.command.exception;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionPoliciesTest {

    @Nested
    class Routing {

        private final RoutingPolicy routing = TestRules.routing();

        @ParameterizedTest
        @CsvSource({
                "MISSING_ACKNOWLEDGEMENT, ERP, erp-ops",
                "MISSING_ACKNOWLEDGEMENT, WAREHOUSE, warehouse-ops",
                "QUANTITY_MISMATCH, STOREFRONT, ecommerce-ops",
                "SOURCE_MISMATCH, ERP, erp-ops",
                "DUPLICATE_CONFLICT, WAREHOUSE, warehouse-ops",
                "ORPHAN_MOVEMENT, WAREHOUSE, warehouse-ops",
                "COUNT_VARIANCE, ERP, warehouse-ops",
                "NEGATIVE_AVAILABLE, WAREHOUSE, ecommerce-ops",
                "OVERSELL_RISK, ERP, ecommerce-ops",
                "UNMAPPED_IDENTITY, WAREHOUSE, erp-ops"
        })
        void ownerTeamIsTheTeamOfTheSystemThatMustAct(ExceptionReason reason, String system, String team) {
            assertThat(routing.teamFor(reason, SystemId.of(system))).isEqualTo(team);
        }

        @Test
        void followsConfigurationNotAFixedListOfSystems() {
            RoutingPolicy configured = new RoutingPolicy(
                    Map.of("STOREFRONT", "shop", "ERP", "finance", "WMS2", "dc2-ops"),
                    Map.of("on_hand", "WMS2", "catalog", "ERP"));
            assertThat(configured.teamFor(ExceptionReason.MISSING_ACKNOWLEDGEMENT, SystemId.of("WMS2"))).isEqualTo("dc2-ops");
            assertThat(configured.teamFor(ExceptionReason.COUNT_VARIANCE, SystemId.of("ERP"))).isEqualTo("dc2-ops");
            assertThat(configured.teamFor(ExceptionReason.UNMAPPED_IDENTITY, SystemId.of("WMS2"))).isEqualTo("finance");
            assertThat(configured.ownerOf("on_hand")).isEqualTo(SystemId.of("WMS2"));
        }

        @Test
        void aSystemMissingFromConfigurationFallsToTheCatalogOwnersTeam() {
            assertThat(routing.teamFor(ExceptionReason.SOURCE_MISMATCH, SystemId.of("MARKETPLACE"))).isEqualTo("erp-ops");
        }

        @Test
        void adjustmentsAreRecordedInTheNameOfTheStatesOwner() {
            assertThat(routing.ownerOf("on_hand")).isEqualTo(SystemId.of("WAREHOUSE"));
            assertThat(routing.ownerOf("committed")).isEqualTo(SystemId.of("ERP"));
            assertThat(routing.ownerOf("reserved")).isEqualTo(SystemId.of("STOREFRONT"));
        }
    }

    @Nested
    class Priorities {

        private final PriorityPolicy priority = new PriorityPolicy();

        @ParameterizedTest
        @CsvSource({
                "NEGATIVE_AVAILABLE, true, P1", "NEGATIVE_AVAILABLE, false, P2",
                "OVERSELL_RISK, true, P1", "OVERSELL_RISK, false, P2",
                "SOURCE_MISMATCH, false, P3", "QUANTITY_MISMATCH, false, P3", "COUNT_VARIANCE, false, P3",
                "MISSING_ACKNOWLEDGEMENT, false, P3", "ORPHAN_MOVEMENT, false, P3",
                "SOURCE_MISMATCH, true, P2", "QUANTITY_MISMATCH, true, P2", "COUNT_VARIANCE, true, P2",
                "MISSING_ACKNOWLEDGEMENT, true, P2", "ORPHAN_MOVEMENT, true, P2",
                "DUPLICATE_CONFLICT, false, P4", "UNMAPPED_IDENTITY, false, P4",
                "DUPLICATE_CONFLICT, true, P2", "UNMAPPED_IDENTITY, true, P2"
        })
        void perReasonAndRisk(ExceptionReason reason, boolean highRisk, Priority expected) {
            assertThat(priority.priorityOf(reason, highRisk)).isEqualTo(expected);
        }
    }

    @Nested
    class Slas {

        @Test
        void acknowledgementSlaPerPriority() {
            SlaPolicy sla = TestRules.sla();
            Instant opened = Instant.parse("2026-01-01T10:00:00Z");
            assertThat(sla.dueAt(Priority.P1, opened)).isEqualTo(Instant.parse("2026-01-01T10:30:00Z"));
            assertThat(sla.dueAt(Priority.P2, opened)).isEqualTo(Instant.parse("2026-01-01T14:00:00Z"));
            assertThat(sla.dueAt(Priority.P3, opened)).isEqualTo(Instant.parse("2026-01-02T10:00:00Z"));
            assertThat(sla.slaOf(Priority.P4)).isEqualTo(Duration.ofHours(72));
        }
    }

    @Nested
    class Recurrence {

        private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

        @Test
        void samePositionAndReasonWithinSevenDaysNamesTheEarlierException() {
            RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) ->
                    Optional.of(new RecurrencePolicy.PriorOpening("EXC-1", NOW.minus(Duration.ofDays(7)))));
            assertThat(policy.recurrenceOf("SKU@LOC", ExceptionReason.COUNT_VARIANCE, NOW, "v#2")).contains("EXC-1");
        }

        @Test
        void anEarlierOneOlderThanSevenDaysIsNotARecurrence() {
            RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) ->
                    Optional.of(new RecurrencePolicy.PriorOpening("EXC-1", NOW.minus(Duration.ofDays(7)).minusSeconds(1))));
            assertThat(policy.recurrenceOf("SKU@LOC", ExceptionReason.COUNT_VARIANCE, NOW, "v#2")).isEmpty();
        }

        @Test
        void asksForTheSamePositionAndReasonLeavingOutTheSameCondition() {
            List<Object> asked = new ArrayList<>();
            RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) -> {
                asked.addAll(List.of(position, reason, before, trigger));
                return Optional.empty();
            });
            assertThat(policy.recurrenceOf("SKU@LOC", ExceptionReason.MISSING_ACKNOWLEDGEMENT, NOW, "step#1")).isEmpty();
            assertThat(asked).containsExactly("SKU@LOC", ExceptionReason.MISSING_ACKNOWLEDGEMENT, NOW, "step#1");
        }

        @Test
        void withoutAPositionThereIsNothingToRecur() {
            RecurrencePolicy policy = new RecurrencePolicy((position, reason, before, trigger) -> {
                throw new AssertionError("not asked");
            });
            assertThat(policy.recurrenceOf(null, ExceptionReason.UNMAPPED_IDENTITY, NOW, "inbox:1")).isEmpty();
        }
    }
}
