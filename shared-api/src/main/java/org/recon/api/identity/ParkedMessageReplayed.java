package org.recon.api.identity;

import org.recon.api.common.SystemId;

import java.time.Instant;

/** A parked message was replayed (once), with its original eventId and times. */
public record ParkedMessageReplayed(
        String inboxId,
        SystemId system,
        String eventId,
        String outcome,
        String detail,
        String actor,
        Instant replayedAt) {
}
