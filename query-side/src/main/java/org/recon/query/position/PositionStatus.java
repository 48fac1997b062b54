package org.recon.query.position;

/** A position's reconciliation status, most urgent first (DESIGN 5). */
public enum PositionStatus {
    EXCEPTION, DRIFT, TIMING, IN_SYNC
}
