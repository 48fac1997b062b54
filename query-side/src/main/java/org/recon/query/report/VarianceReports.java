package org.recon.query.report;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Service
public class VarianceReports {

    public enum GroupBy { LOCATION, SYSTEM, REASON }

    private static final Map<GroupBy, String> COLUMNS = Map.of(
            GroupBy.LOCATION, "location", GroupBy.SYSTEM, "coalesce(system, '')", GroupBy.REASON, "reason");

    private final JdbcTemplate jdbc;

    public VarianceReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public VarianceSummary summary(Instant from, Instant to, GroupBy groupBy) {
        String column = COLUMNS.get(groupBy);
        List<VarianceSummary.Row> rows = jdbc.query("select " + column + " as group_key, count(*), "
                        + "count(*) filter (where cleared_at is not null and overdue_at is null), "
                        + "count(*) filter (where overdue_at is not null), "
                        + "count(*) filter (where cleared_at is null and overdue_at is null), "
                        + "coalesce(sum(abs(unexplained)), 0), "
                        + "avg(duration_ms) filter (where cleared_at is not null and overdue_at is null) "
                        + "from qry_variance_record where detected_at >= ? and detected_at < ? "
                        + "group by group_key order by group_key",
                (rs, i) -> {
                    Number average = (Number) rs.getObject(7);
                    return new VarianceSummary.Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), average == null ? null : Math.round(average.doubleValue()));
                },
                Timestamp.from(from), Timestamp.from(to));
        return new VarianceSummary(from, to, groupBy.name().toLowerCase(), rows);
    }
}
