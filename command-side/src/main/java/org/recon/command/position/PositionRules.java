package org.recon.command.position;

import java.time.Clock;

/** Everything an {@link InventoryPosition} decides with, injected into its command handlers. */
public record PositionRules(MovementRules movements, RiskPolicy risk, Clock clock) {

    public Ownership ownership() {
        return movements.ownership();
    }
}
