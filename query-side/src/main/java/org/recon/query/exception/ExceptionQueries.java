package org.recon.query.exception;

import org.recon.query.web.PageView;
import org.recon.support.web.ApiException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

@Service
@Transactional(readOnly = true)
public class ExceptionQueries {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ExceptionRepository exceptions;
    private final JsonMapper json;

    public ExceptionQueries(ExceptionRepository exceptions, JsonMapper json) {
        this.exceptions = exceptions;
        this.json = json;
    }

    public PageView<ExceptionView> search(String status, String team, String reason, String priority, String sku,
                                          String location, int page, int size) {
        return PageView.of(exceptions.search(status, team, reason, priority, sku, location, PageRequest.of(page, size))
                .map(this::view));
    }

    public ExceptionView get(String id) {
        return exceptions.findById(id).map(this::view).orElseThrow(() -> ApiException.notFound("Exception " + id));
    }

    ExceptionView view(ExceptionRow r) {
        return new ExceptionView(r.exceptionId, r.sku, r.location, r.system, r.state, r.reason, r.priority, r.team,
                r.status, r.escalated, r.openedAt, r.acknowledgedAt, r.resolvedAt, r.slaDueAt,
                r.evidence == null ? null : json.readValue(r.evidence, OBJECT),
                r.resolution == null ? null : json.readValue(r.resolution, ResolutionView.class),
                r.recurrenceOf, json.readValue(r.history, ExceptionProjection.HISTORY));
    }
}
