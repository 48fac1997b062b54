package org.recon.query.document;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.support.web.ApiException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

@RestController
@Tag(name = "Documents", description = "Business documents (orders, POs, transfers, RMAs) and their steps")
class DocumentController {

    private static final TypeReference<LinkedHashMap<String, Long>> QUANTITIES = new TypeReference<>() {
    };

    private final DocumentStepRepository steps;
    private final JsonMapper json;

    DocumentController(DocumentStepRepository steps, JsonMapper json) {
        this.steps = steps;
        this.json = json;
    }

    @GetMapping("/api/v1/documents/{type}/{id}")
    @Transactional(readOnly = true)
    @Operation(summary = "Each step of the document at each position: who reported what, what is still in flight")
    DocumentView get(@PathVariable String type, @PathVariable String id) {
        String documentType = type.trim().toUpperCase(Locale.ROOT);
        List<DocumentView.Step> found = steps.ofDocument(documentType, id.trim()).stream()
                .map(r -> new DocumentView.Step(r.sku, r.location, r.line, r.movementType, r.authority, r.effective,
                        r.provisional, json.readValue(r.reported, QUANTITIES), json.readValue(r.inFlight, QUANTITIES),
                        r.complete, r.firstReportedAt))
                .toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("Document " + documentType + " " + id);
        }
        return new DocumentView(documentType, id.trim(), found);
    }
}
