package org.recon.query.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

@RestController
@Tag(name = "Reports")
class ReportController {

    private final VarianceReports reports;

    ReportController(VarianceReports reports) {
        this.reports = reports;
    }

    @GetMapping("/api/v1/reports/variance-summary")
    @Operation(summary = "Disagreements detected in [from, to) (default: the last 7 days) by location, system or reason")
    VarianceSummary varianceSummary(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(required = false) String groupBy) {
        Instant end = Params.instant("to", to, false);
        end = end == null ? Instant.now() : end;
        Instant start = Params.instant("from", from, false);
        start = start == null ? end.minus(Duration.ofDays(7)) : start;
        if (!start.isBefore(end)) {
            throw Params.invalid("from", "must be before 'to'");
        }
        String group = Params.oneOf("groupBy", groupBy, VarianceReports.GroupBy.class);
        return reports.summary(start, end,
                group == null ? VarianceReports.GroupBy.LOCATION : VarianceReports.GroupBy.valueOf(group.toUpperCase(Locale.ROOT)));
    }
}
