package org.recon.api.exception;

/** The lifecycle: OPEN, then ACKNOWLEDGED, then RESOLVED; AUTO_RESOLVED when the condition clears first. */
public enum ExceptionStatus {
    OPEN, ACKNOWLEDGED, RESOLVED, AUTO_RESOLVED;

    public boolean isClosed() {
        return this == RESOLVED || this == AUTO_RESOLVED;
    }
}
