package org.recon.query.audit;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

public record AuditEvent(long globalIndex, String aggregateId, long sequence, String type, Instant recordedAt,
                         JsonNode payload, Metadata metadata) {

    public record Metadata(String system, String eventId, String actor, String reason, String correlationId) {
    }
}
