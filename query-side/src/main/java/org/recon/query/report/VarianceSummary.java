package org.recon.query.report;

import java.time.Instant;
import java.util.List;

/**
 * Disagreements detected in [from, to), grouped. Per group: {@code detected}, {@code timing}
 * (cleared inside their window), {@code overdue} (window ended), {@code open} (neither yet),
 * {@code unexplainedUnits} (sum of absolute unexplained quantities), {@code averageTimingMillis}.
 */
public record VarianceSummary(Instant from, Instant to, String groupBy, List<Row> items) {

    public record Row(String key, long detected, long timing, long overdue, long open, long unexplainedUnits,
                      Long averageTimingMillis) {
    }
}
