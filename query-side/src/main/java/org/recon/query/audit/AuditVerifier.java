package org.recon.query.audit;

import org.recon.api.common.PositionId;
import org.recon.query.position.PositionCodec;
import org.recon.query.position.PositionQueries;
import org.recon.query.position.PositionRepository;
import org.recon.query.position.PositionRow;
import org.recon.query.position.PositionState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** Re-derives every position from the event store and compares it with the read model. */
@Service
public class AuditVerifier {

    private final JdbcTemplate jdbc;
    private final PositionRepository positions;
    private final PositionQueries queries;
    private final PositionCodec codec;

    public AuditVerifier(JdbcTemplate jdbc, PositionRepository positions, PositionQueries queries, PositionCodec codec) {
        this.jdbc = jdbc;
        this.positions = positions;
        this.queries = queries;
        this.codec = codec;
    }

    public VerifyReport verify() {
        TreeSet<String> ids = new TreeSet<>(jdbc.queryForList(
                "select distinct aggregate_identifier from domain_event_entry where aggregate_identifier like '%@%'",
                String.class));
        ids.addAll(jdbc.queryForList("select position_id from qry_position", String.class));
        List<VerifyReport.Mismatch> mismatches = new ArrayList<>();
        long checked = 0;
        for (String id : ids) {
            PositionId position;
            try {
                position = PositionId.parse(id);
            } catch (IllegalArgumentException notAPosition) {
                continue;
            }
            Optional<PositionState> derived;
            try {
                derived = queries.replay(id, null);
            } catch (RuntimeException unreadable) {
                checked++;
                mismatches.add(new VerifyReport.Mismatch(position.sku().value(), position.location().value(), "events",
                        "readable history", "an event cannot be folded: " + unreadable.getMessage()));
                continue;
            }
            if (derived.isEmpty() && positions.findById(id).isEmpty()) {
                continue;
            }
            checked++;
            Map<String, String> expected = derived.map(AuditVerifier::fields).orElse(Map.of());
            Map<String, String> actual = positions.findById(id).map(row -> fields(codec.read(row), row)).orElse(Map.of());
            TreeSet<String> names = new TreeSet<>(expected.keySet());
            names.addAll(actual.keySet());
            for (String field : names) {
                if (!Objects.equals(expected.get(field), actual.get(field))) {
                    mismatches.add(new VerifyReport.Mismatch(position.sku().value(), position.location().value(), field,
                            expected.get(field), actual.get(field)));
                }
            }
        }
        return new VerifyReport(checked, mismatches);
    }

    private static Map<String, String> fields(PositionState state) {
        Map<String, String> fields = new LinkedHashMap<>();
        state.allQuantities().forEach((code, value) -> fields.put("quantities." + code, String.valueOf(value)));
        fields.put("version", String.valueOf(state.version()));
        fields.put("lastEventAt", String.valueOf(state.lastEventAt()));
        fields.put("variances", String.valueOf(state.variances().values()));
        fields.put("systems", String.valueOf(state.systems()));
        return fields;
    }

    /** The row as stored: its own columns, so a corrupted column shows even where the fold would recompute it. */
    private static Map<String, String> fields(PositionState state, PositionRow row) {
        Map<String, String> fields = fields(state);
        fields.put("quantities.available", String.valueOf(row.available()));
        return fields;
    }
}
