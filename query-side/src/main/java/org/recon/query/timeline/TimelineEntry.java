package org.recon.query.timeline;

import org.recon.api.common.DocumentRef;

import java.time.Instant;
import java.util.Map;

public record TimelineEntry(long globalIndex, String type, String system, String eventId, Instant occurredAt,
                            Instant recordedAt, DocumentRef document, Map<String, Long> changes, String reason,
                            String actor, String exceptionId) {
}
