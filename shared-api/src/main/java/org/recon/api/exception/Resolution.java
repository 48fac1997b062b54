package org.recon.api.exception;

/** How an owner closed an exception. */
public enum Resolution {
    /** The position is adjusted (the resolution carries the adjustment). */
    ADJUSTED,
    CORRECTED_AT_SOURCE,
    ACCEPTED,
    FALSE_POSITIVE
}
