package org.recon.query.timeline;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.query.position.PositionRepository;
import org.recon.support.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Service
@Transactional(readOnly = true)
public class TimelineQueries {

    private static final TypeReference<LinkedHashMap<String, Long>> CHANGES = new TypeReference<>() {
    };

    private final TimelineRepository timeline;
    private final PositionRepository positions;
    private final JsonMapper json;

    public TimelineQueries(TimelineRepository timeline, PositionRepository positions, JsonMapper json) {
        this.timeline = timeline;
        this.positions = positions;
        this.json = json;
    }

    public List<TimelineEntry> timeline(String sku, String location, boolean byOccurrence) {
        String id = PositionId.of(sku, location).asString();
        List<TimelineRow> rows = byOccurrence ? timeline.inOccurredOrder(id) : timeline.inCommitOrder(id);
        if (rows.isEmpty() && !positions.existsById(id)) {
            throw ApiException.notFound("Position " + sku + " at " + location);
        }
        return rows.stream().map(this::entry).toList();
    }

    private TimelineEntry entry(TimelineRow r) {
        DocumentRef document = r.documentType == null ? null : new DocumentRef(r.documentType, r.documentId, r.documentLine);
        Map<String, Long> changes = json.readValue(r.changes, CHANGES);
        return new TimelineEntry(r.globalIndex, r.type, r.system, r.eventId, r.occurredAt, r.recordedAt, document,
                changes, r.reason, r.actor, r.exceptionId);
    }
}
