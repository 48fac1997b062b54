package org.recon.query.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.query.operations.BulkInsert;
import org.recon.query.operations.SqlTimestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The projection's reads and writes of {@code qry_position}, with JDBC: the positions of a batch in one query, the
 * batch's changed positions in one upsert ({@link BulkInsert}), and no entities for Hibernate to track and
 * compare at commit. The queries read the same rows through {@link PositionRow}.
 */
@Component
class PositionTable {

    private static final List<String> QUANTITY_COLUMNS = QuantityState.STORED.stream().map(QuantityState::code).toList();
    private static final String SELECT = "select position_id, " + String.join(", ", QUANTITY_COLUMNS)
            + ", systems, variances, open_steps, last_event_at, version from qry_position where position_id = any(?)";
    private static final List<String> COLUMNS = Stream.of(List.of("position_id", "sku", "location", "available"),
            QUANTITY_COLUMNS, List.of("systems", "variances", "open_steps", "base_status", "last_event_at", "version"))
            .flatMap(List::stream).toList();

    private final JdbcTemplate jdbc;
    private final PositionCodec codec;
    private final BulkInsert<Stored> rows;

    PositionTable(JdbcTemplate jdbc, PositionCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.rows = BulkInsert.upserting("qry_position", COLUMNS, List.of("position_id"), this::valuesOf);
    }

    /** A position's state as the projection left it. */
    record Stored(PositionId id, PositionState state) {
    }

    /** The stored states of the given positions; those not stored yet are absent. */
    Map<String, PositionState> load(Collection<String> positionIds) {
        Map<String, PositionState> found = new HashMap<>();
        jdbc.query(SELECT, (ResultSet rs) -> {
            found.put(rs.getString("position_id"), stateOf(rs));
        }, (Object) positionIds.toArray(String[]::new));
        return found;
    }

    private PositionState stateOf(ResultSet rs) throws SQLException {
        Map<QuantityState, Long> quantities = new EnumMap<>(QuantityState.class);
        for (QuantityState state : QuantityState.STORED) {
            quantities.put(state, rs.getLong(state.code()));
        }
        Timestamp lastEventAt = rs.getTimestamp("last_event_at");
        return codec.read(quantities::get, rs.getString("systems"), rs.getString("variances"),
                rs.getString("open_steps"), lastEventAt == null ? null : lastEventAt.toInstant(), rs.getLong("version"));
    }

    void upsert(Collection<Stored> positions) {
        rows.writeAll(jdbc, positions);
    }

    private Object[] valuesOf(Stored position) {
        PositionState state = position.state();
        PositionCodec.Encoded json = codec.encode(state);
        List<Object> values = new ArrayList<>(COLUMNS.size());
        values.add(position.id().asString());
        values.add(position.id().sku().value());
        values.add(position.id().location().value());
        values.add(state.available());
        for (QuantityState stored : QuantityState.STORED) {
            values.add(state.quantity(stored));
        }
        values.add(json.systems());
        values.add(json.variances());
        values.add(json.openSteps());
        values.add(state.baseStatus().name());
        values.add(SqlTimestamps.utc(state.lastEventAt()));
        values.add(state.version());
        return values.toArray();
    }
}
