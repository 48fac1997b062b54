package org.recon.command.exception;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionReason;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingPolicyTest {

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
