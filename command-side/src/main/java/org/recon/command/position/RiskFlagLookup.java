package org.recon.command.position;

import org.recon.api.common.Sku;

/** Whether a SKU carries any risk flag ({@code PROMOTION}, {@code TOP_SELLER}, {@code NEW_LOCATION}). */
@FunctionalInterface
public interface RiskFlagLookup {

    boolean isFlagged(Sku sku);
}
