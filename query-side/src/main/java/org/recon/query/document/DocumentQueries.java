package org.recon.query.document;

import org.recon.support.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

@Service
@Transactional(readOnly = true)
public class DocumentQueries {

    private static final TypeReference<LinkedHashMap<String, Long>> QUANTITIES = new TypeReference<>() {
    };

    private final DocumentStepRepository steps;
    private final JsonMapper json;

    public DocumentQueries(DocumentStepRepository steps, JsonMapper json) {
        this.steps = steps;
        this.json = json;
    }

    public DocumentView get(String type, String id) {
        String documentType = type.trim().toUpperCase(Locale.ROOT);
        String documentId = id.trim();
        List<DocumentView.Step> found = steps.ofDocument(documentType, documentId).stream()
                .map(r -> new DocumentView.Step(r.sku, r.location, r.line, r.movementType, r.authority, r.effective,
                        r.provisional, json.readValue(r.reported, QUANTITIES), json.readValue(r.inFlight, QUANTITIES),
                        r.complete, r.firstReportedAt))
                .toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Document " + documentType + " " + documentId);
        }
        return new DocumentView(documentType, documentId, found);
    }
}
