package org.recon.query.document;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Documents", description = "Business documents (orders, POs, transfers, RMAs) and their steps")
class DocumentController {

    private final DocumentQueries queries;

    DocumentController(DocumentQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/documents/{type}/{id}")
    @Operation(summary = "Each step of the document at each position: who reported what, what is still in flight")
    DocumentView get(@PathVariable String type, @PathVariable String id) {
        return queries.get(type, id);
    }
}
