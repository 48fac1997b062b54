package org.recon.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.RiskFlag;
import org.recon.api.common.Sku;

import java.util.Set;

/** Sets the risk flags of a SKU (replacing the previous set). */
public record SetRiskFlags(
        Sku sku,
        Set<RiskFlag> flags,
        String actor) {

    /** The same catalog entry as {@link RegisterSku}. */
    @TargetAggregateIdentifier
    public String catalogId() {
        return "sku:" + sku.value();
    }
}
