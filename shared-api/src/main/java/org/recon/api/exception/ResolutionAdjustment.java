package org.recon.api.exception;

import org.recon.api.position.AdjustmentReason;

/** The adjustment an {@code ADJUSTED} resolution applies to the position. */
public record ResolutionAdjustment(
        String state,
        long delta,
        AdjustmentReason reason) {
}
