package org.recon.query.position;

import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.query.operations.SqlTimestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The projection's reads and writes of {@code qry_position}, with JDBC: the positions of a batch in one query, the
 * batch's changed positions in one statement batch (multi-row upserts), and no entities for Hibernate to track and
 * compare at commit. The queries read the same rows through {@link PositionRow}.
 */
@Component
class PositionTable {

    private static final String QUANTITY_COLUMNS = QuantityState.STORED.stream().map(QuantityState::code)
            .collect(Collectors.joining(", "));
    private static final String SELECT = "select position_id, " + QUANTITY_COLUMNS
            + ", systems, variances, open_steps, last_event_at, version from qry_position where position_id = any(?)";
    private static final String UPSERT = "insert into qry_position (position_id, sku, location, available, "
            + QUANTITY_COLUMNS + ", systems, variances, open_steps, base_status, last_event_at, version) values (?, ?, ?, ?, "
            + QuantityState.STORED.stream().map(s -> "?").collect(Collectors.joining(", "))
            + ", ?, ?, ?, ?, ?, ?) on conflict (position_id) do update set available = excluded.available, "
            + QuantityState.STORED.stream().map(s -> s.code() + " = excluded." + s.code()).collect(Collectors.joining(", "))
            + ", systems = excluded.systems, variances = excluded.variances, open_steps = excluded.open_steps, "
            + "base_status = excluded.base_status, last_event_at = excluded.last_event_at, version = excluded.version";

    private final JdbcTemplate jdbc;
    private final PositionCodec codec;

    PositionTable(JdbcTemplate jdbc, PositionCodec codec) {
        this.jdbc = jdbc;
        this.codec = codec;
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
        jdbc.batchUpdate(UPSERT, positions, positions.size(), (statement, position) -> {
            PositionState state = position.state();
            PositionCodec.Encoded json = codec.encode(state);
            int column = 0;
            statement.setString(++column, position.id().asString());
            statement.setString(++column, position.id().sku().value());
            statement.setString(++column, position.id().location().value());
            statement.setLong(++column, state.available());
            for (QuantityState stored : QuantityState.STORED) {
                statement.setLong(++column, state.quantity(stored));
            }
            statement.setString(++column, json.systems());
            statement.setString(++column, json.variances());
            statement.setString(++column, json.openSteps());
            statement.setString(++column, state.baseStatus().name());
            statement.setObject(++column, SqlTimestamps.utc(state.lastEventAt()));
            statement.setLong(++column, state.version());
        });
    }
}
