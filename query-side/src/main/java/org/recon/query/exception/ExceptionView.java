package org.recon.query.exception;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record ExceptionView(String id, String sku, String location, String system, String state, String reason,
                            String priority, String team, String status, boolean escalated, Instant openedAt,
                            Instant acknowledgedAt, Instant resolvedAt, Instant slaDueAt, Map<String, Object> evidence,
                            ResolutionView resolution, String recurrenceOf, List<HistoryEntry> history) {
}
