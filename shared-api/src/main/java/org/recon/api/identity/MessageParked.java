package org.recon.api.identity;

import org.recon.api.common.SystemId;

import java.time.Instant;

/** A message waits in the inbox; nothing was dropped. */
public record MessageParked(
        String inboxId,
        SystemId system,
        String eventId,
        String kind,
        String code,
        String detail,
        String externalSku,
        String externalLocation,
        String payload,
        String actor,
        Instant parkedAt) {
}
