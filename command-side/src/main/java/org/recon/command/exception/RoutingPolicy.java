package org.recon.command.exception;

import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionReason;

import java.util.Map;

/**
 * Which team owns an exception (DESIGN 4.5): the team of the system that must act. Systems and
 * ownership are configuration, so the policy works from the configured maps, not from an enum.
 */
final class RoutingPolicy {

    static final String ON_HAND = "on_hand";
    static final String AVAILABLE = "available";
    static final String CATALOG = "catalog";
    /** The design names the storefront as the owner of availability unless configuration says otherwise. */
    static final String DEFAULT_AVAILABILITY_OWNER = "STOREFRONT";

    private final Map<String, String> teamsBySystem;
    private final Map<String, String> ownership;

    RoutingPolicy(Map<String, String> teamsBySystem, Map<String, String> ownership) {
        this.teamsBySystem = Map.copyOf(teamsBySystem);
        this.ownership = Map.copyOf(ownership);
    }

    /**
     * @param reason    why the exception opens
     * @param concerned the lagging, mismatching or reporting system named by the condition
     */
    String teamFor(ExceptionReason reason, SystemId concerned) {
        return switch (reason) {
            case COUNT_VARIANCE -> teamOf(ownerOf(ON_HAND));
            case NEGATIVE_AVAILABLE, OVERSELL_RISK -> teamOf(availabilityOwner());
            case UNMAPPED_IDENTITY -> teamOf(catalogOwner());
            default -> concerned == null ? teamOf(catalogOwner()) : teamOf(concerned.value());
        };
    }

    /** The system whose number is the truth of a state; resolution adjustments are recorded in its name. */
    SystemId ownerOf(String state) {
        String owner = ownership.get(state);
        return SystemId.of(owner != null ? owner : catalogOwner());
    }

    SystemId availabilityOwnerSystem() {
        return SystemId.of(availabilityOwner());
    }

    private String availabilityOwner() {
        return ownership.getOrDefault(AVAILABLE, DEFAULT_AVAILABILITY_OWNER);
    }

    private String catalogOwner() {
        return ownership.getOrDefault(CATALOG, "ERP");
    }

    private String teamOf(Object system) {
        String team = teamsBySystem.get(String.valueOf(system));
        // a system missing from configuration (e.g. an operator's own id) must not leave the exception without an owner
        return team != null ? team : teamsBySystem.getOrDefault(catalogOwner(), catalogOwner().toLowerCase() + "-ops");
    }
}
