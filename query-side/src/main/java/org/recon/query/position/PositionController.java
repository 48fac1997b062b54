package org.recon.query.position;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.PageView;
import org.recon.query.web.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/positions")
@Tag(name = "Positions", description = "The reconciled view per SKU and location")
class PositionController {

    private final PositionQueries queries;

    PositionController(PositionQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "Positions by sku, then location; filters sku, location, status (EXCEPTION, DRIFT, TIMING, IN_SYNC)")
    PageView<PositionView> list(@RequestParam(required = false) String sku,
                                @RequestParam(required = false) String location,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size) {
        return queries.search(Params.code("sku", sku), Params.code("location", location),
                Params.oneOf("status", status, PositionStatus.class), Params.page(page), Params.size(size));
    }

    @GetMapping("/{sku}/{location}")
    @Operation(summary = "One position: quantities, each system's last observation, variances, status")
    PositionView get(@PathVariable String sku, @PathVariable String location) {
        return queries.get(Params.code("sku", sku), Params.code("location", location));
    }

    @GetMapping("/{sku}/{location}/as-of")
    @Operation(summary = "The position as the service knew it at an instant, rebuilt from the event store")
    PositionView asOf(@PathVariable String sku, @PathVariable String location,
                      @RequestParam(required = false) String at) {
        return queries.asOf(Params.code("sku", sku), Params.code("location", location), Params.instant("at", at, true));
    }
}
