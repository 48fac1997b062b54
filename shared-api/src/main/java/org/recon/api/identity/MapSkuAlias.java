package org.recon.api.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.Sku;
import org.recon.api.common.SystemId;

/** Maps a system's own SKU code to a canonical SKU. */
public record MapSkuAlias(
        @TargetAggregateIdentifier String aliasId,
        SystemId system,
        String externalSku,
        Sku sku,
        String actor) {
}
