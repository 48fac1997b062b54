package org.recon.api.identity;

import org.recon.api.common.Sku;
import org.recon.api.common.SystemId;

import java.time.Instant;

/** A system's SKU code now means this canonical SKU. */
public record SkuAliasMapped(
        String aliasId,
        SystemId system,
        String externalSku,
        Sku sku,
        String actor,
        Instant mappedAt) {
}
