package org.recon.api.identity;

import org.recon.api.common.RiskFlag;
import org.recon.api.common.Sku;

import java.time.Instant;
import java.util.Set;

/** The SKU's risk flags changed. */
public record RiskFlagsSet(
        Sku sku,
        Set<RiskFlag> flags,
        String actor,
        Instant setAt) {
}
