package org.recon.api.position;

/** What a delivered movement or observation did (the {@code status} of the ingest responses). */
public enum IngestOutcome {
    /** Changed the reconciled position. */
    APPLIED,
    /** Matched a step already known; the reconciled quantities did not change. */
    ACKNOWLEDGED,
    /** Same eventId, same content: nothing changed. */
    DUPLICATE,
    /** An observation older than the last accepted one from the same system: recorded, not applied. */
    STALE,
    /** Held in the inbox (e.g. unmapped identity) until it can be replayed. */
    PARKED
}
