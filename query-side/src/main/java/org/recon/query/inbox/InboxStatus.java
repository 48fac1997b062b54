package org.recon.query.inbox;

/** A parked message waits ({@code PARKED}) until it has been replayed once ({@code REPLAYED}). */
public enum InboxStatus {
    PARKED, REPLAYED
}
