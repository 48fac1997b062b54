package org.recon.api.position;

/** How one observed state compares with the observing system's expected view. */
public enum ObservationVerdict {
    IN_SYNC,
    /** The gap is within tolerance once in-flight steps are accounted for. */
    TIMING,
    /** Unexplained beyond tolerance. */
    VARIANCE
}
