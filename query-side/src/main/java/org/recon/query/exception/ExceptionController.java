package org.recon.query.exception;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionStatus;
import org.recon.api.exception.Priority;
import org.recon.query.web.PageView;
import org.recon.query.web.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/exceptions")
@Tag(name = "Exceptions", description = "Disagreements that outlived their window, with owner, priority and history")
class ExceptionController {

    private final ExceptionQueries queries;

    ExceptionController(ExceptionQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "Exceptions by openedAt then id; filters status, team, reason, priority, sku, location")
    PageView<ExceptionView> list(@RequestParam(required = false) String status,
                                 @RequestParam(required = false) String team,
                                 @RequestParam(required = false) String reason,
                                 @RequestParam(required = false) String priority,
                                 @RequestParam(required = false) String sku,
                                 @RequestParam(required = false) String location,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        return queries.search(Params.oneOf("status", status, ExceptionStatus.class), Params.text(team),
                Params.oneOf("reason", reason, ExceptionReason.class), Params.oneOf("priority", priority, Priority.class),
                Params.code("sku", sku), Params.code("location", location), Params.page(page), Params.size(size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One exception with its evidence, resolution and history")
    ExceptionView get(@PathVariable String id) {
        return queries.get(id);
    }
}
