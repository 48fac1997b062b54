package org.recon.query.exception;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAssigned;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionEscalated;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.ExceptionStatus;
import org.recon.query.operations.Projection;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exceptions with their whole history, as the exception events tell it. */
@Component
@ProcessingGroup(ExceptionProjection.GROUP)
public class ExceptionProjection implements Projection {

    public static final String GROUP = "exceptions";
    static final TypeReference<List<HistoryEntry>> HISTORY = new TypeReference<>() {
    };

    private final ExceptionRepository exceptions;
    private final JsonMapper json;

    public ExceptionProjection(ExceptionRepository exceptions, JsonMapper json) {
        this.exceptions = exceptions;
        this.json = json;
    }

    @EventHandler
    void on(ExceptionOpened e) {
        if (exceptions.existsById(e.exceptionId())) {
            return;
        }
        ExceptionRow row = new ExceptionRow(e.exceptionId());
        row.positionId = e.positionId().asString();
        row.sku = e.positionId().sku().value();
        row.location = e.positionId().location().value();
        row.system = e.system() == null ? null : e.system().value();
        row.state = e.state();
        row.reason = e.reason().name();
        row.priority = e.priority().name();
        row.team = e.team();
        row.status = ExceptionStatus.OPEN.name();
        row.openedAt = e.openedAt();
        row.slaDueAt = e.slaDueAt();
        row.evidence = json.writeValueAsString(e.evidence() == null ? Map.of() : e.evidence());
        row.recurrenceOf = e.recurrenceOf();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", row.reason);
        details.put("priority", row.priority);
        details.put("team", row.team);
        if (e.trigger() != null) {
            details.put("trigger", e.trigger());
        }
        row.history = json.writeValueAsString(List.of(new HistoryEntry("OPENED", e.openedAt(), null, row.status, details)));
        exceptions.save(row);
    }

    @EventHandler
    void on(ExceptionAcknowledged e) {
        ExceptionRow row = load(e.exceptionId());
        row.status = ExceptionStatus.ACKNOWLEDGED.name();
        row.acknowledgedAt = e.acknowledgedAt();
        append(row, new HistoryEntry("ACKNOWLEDGED", e.acknowledgedAt(), e.actor(), row.status, Map.of()));
    }

    @EventHandler
    void on(ExceptionAssigned e) {
        ExceptionRow row = load(e.exceptionId());
        row.team = e.toTeam();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fromTeam", e.fromTeam());
        details.put("toTeam", e.toTeam());
        append(row, new HistoryEntry("ASSIGNED", e.assignedAt(), e.actor(), row.status, details));
    }

    @EventHandler
    void on(ExceptionEscalated e) {
        ExceptionRow row = load(e.exceptionId());
        row.escalated = true;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("priority", e.priority() == null ? null : e.priority().name());
        details.put("team", e.team());
        details.put("slaDueAt", e.slaDueAt());
        append(row, new HistoryEntry("ESCALATED", e.escalatedAt(), null, row.status, details));
    }

    @EventHandler
    void on(ExceptionResolved e) {
        ExceptionRow row = load(e.exceptionId());
        if (e.acknowledgedNow() || row.acknowledgedAt == null) {
            row.acknowledgedAt = e.resolvedAt();
        }
        row.status = ExceptionStatus.RESOLVED.name();
        row.resolvedAt = e.resolvedAt();
        row.resolution = json.writeValueAsString(new ResolutionView(e.resolution().name(), e.note(), e.adjustment(),
                e.actor(), null, null));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("resolution", e.resolution().name());
        details.put("note", e.note());
        if (e.adjustment() != null) {
            details.put("adjustment", e.adjustment());
        }
        append(row, new HistoryEntry("RESOLVED", e.resolvedAt(), e.actor(), row.status, details));
    }

    @EventHandler
    void on(ExceptionAutoResolved e) {
        ExceptionRow row = load(e.exceptionId());
        row.status = ExceptionStatus.AUTO_RESOLVED.name();
        row.resolvedAt = e.resolvedAt();
        row.resolution = json.writeValueAsString(new ResolutionView(ExceptionStatus.AUTO_RESOLVED.name(), null, null,
                null, e.cause(), e.evidence()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cause", e.cause());
        append(row, new HistoryEntry("AUTO_RESOLVED", e.resolvedAt(), null, row.status, details));
    }

    @ResetHandler
    void reset() {
        exceptions.deleteAllInBatch();
    }

    private ExceptionRow load(String id) {
        return exceptions.findById(id)
                .orElseThrow(() -> new IllegalStateException("exception " + id + " was never opened"));
    }

    private void append(ExceptionRow row, HistoryEntry entry) {
        List<HistoryEntry> history = new ArrayList<>(json.readValue(row.history, HISTORY));
        history.add(entry);
        row.history = json.writeValueAsString(history);
        exceptions.save(row);
    }
}
