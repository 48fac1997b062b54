package org.recon.query.inbox;

import java.time.Instant;

public record InboxMessageView(String id, String system, String eventId, String kind, String code, String detail,
                               String externalSku, String externalLocation, String status, Instant parkedAt,
                               String actor, Instant replayedAt, String outcome, String replayDetail, String payload) {
}
