package org.recon.command.exception;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The default configuration of application.yml, as policies, for tests without Spring. */
final class TestRules {

    static final Map<String, String> TEAMS = Map.of(
            "STOREFRONT", "ecommerce-ops", "ERP", "erp-ops", "WAREHOUSE", "warehouse-ops");
    static final Map<String, String> OWNERSHIP = Map.of(
            "on_hand", "WAREHOUSE", "damaged", "WAREHOUSE", "quality_control", "WAREHOUSE", "picked", "WAREHOUSE",
            "committed", "ERP", "incoming", "ERP", "safety_stock", "ERP", "reserved", "STOREFRONT", "catalog", "ERP");
    static final RecurrencePolicy.History NO_HISTORY = (position, reason, before, trigger) -> Optional.empty();

    private TestRules() {
    }

    static RoutingPolicy routing() {
        return new RoutingPolicy(TEAMS, OWNERSHIP);
    }

    static SlaPolicy sla() {
        return new SlaPolicy(Duration.ofMinutes(30), Duration.ofHours(4), Duration.ofHours(24), Duration.ofHours(72));
    }

    static ExceptionRules rules(RecurrencePolicy.History history) {
        return new ExceptionRules(routing(), new PriorityPolicy(), sla(), new RecurrencePolicy(history),
                Duration.ofMinutes(15), Duration.ofMinutes(2));
    }
}
