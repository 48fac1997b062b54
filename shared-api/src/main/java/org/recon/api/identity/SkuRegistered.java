package org.recon.api.identity;

import org.recon.api.common.Sku;

import java.time.Instant;

/** The SKU is canonical from now on. */
public record SkuRegistered(
        Sku sku,
        String description,
        String actor,
        Instant registeredAt) {
}
