package org.recon.query.exception;

import java.time.Instant;
import java.util.Map;

/** One step of an exception's life: {@code event} is OPENED, ACKNOWLEDGED, ASSIGNED, ESCALATED, RESOLVED or AUTO_RESOLVED. */
public record HistoryEntry(String event, Instant at, String actor, String status, Map<String, Object> details) {
}
