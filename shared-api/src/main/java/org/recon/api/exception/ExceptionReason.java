package org.recon.api.exception;

/** Why a reconciliation exception exists (DESIGN 4.5). */
public enum ExceptionReason {
    /** An expected system has not reported a step. */
    MISSING_ACKNOWLEDGEMENT,
    /** Systems reported a step with different quantities. */
    QUANTITY_MISMATCH,
    /** A system's observation is off, unexplained. */
    SOURCE_MISMATCH,
    /** The storefront shows more available than the reconciled value. */
    OVERSELL_RISK,
    /** The owner of on_hand counted a different number than the service expected. */
    COUNT_VARIANCE,
    NEGATIVE_AVAILABLE,
    /** The same eventId arrived with different content. */
    DUPLICATE_CONFLICT,
    UNMAPPED_IDENTITY,
    /** A step that needs an earlier one that never came. */
    ORPHAN_MOVEMENT
}
