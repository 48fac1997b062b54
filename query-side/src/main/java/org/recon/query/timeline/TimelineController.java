package org.recon.query.timeline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@Tag(name = "Positions")
class TimelineController {

    private final TimelineQueries queries;

    TimelineController(TimelineQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/positions/{sku}/{location}/timeline")
    @Operation(summary = "Every event that touched the position, in commit order; order=occurred sorts by source time")
    List<TimelineEntry> timeline(@PathVariable String sku, @PathVariable String location,
                                 @RequestParam(required = false) String order) {
        boolean byOccurrence;
        if (order == null || order.isBlank() || order.equalsIgnoreCase("committed")) {
            byOccurrence = false;
        } else if (order.equalsIgnoreCase("occurred")) {
            byOccurrence = true;
        } else {
            throw Params.invalid("order", "must be 'occurred' or 'committed'");
        }
        return queries.timeline(Params.code("sku", sku), Params.code("location", location), byOccurrence);
    }
}
