package org.recon.query.position;

import org.recon.api.common.QuantityState;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** Between a {@link PositionRow} and the {@link PositionState} the fold works on. */
@Component
public class PositionCodec {

    private static final TypeReference<TreeMap<String, SystemObservation>> SYSTEMS = new TypeReference<>() {
    };
    private static final TypeReference<List<VarianceView>> VARIANCES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STEPS = new TypeReference<>() {
    };

    private final JsonMapper json;

    public PositionCodec(JsonMapper json) {
        this.json = json;
    }

    public PositionState read(PositionRow row) {
        return read(row::quantity, row.systems(), row.variances(), row.openSteps(), row.lastEventAt(), row.version());
    }

    /** A position's state from its stored columns (the JSON ones may be {@code null}: nothing of that kind). */
    PositionState read(ToLongFunction<QuantityState> stored, String systems, String variances, String openSteps,
                       Instant lastEventAt, long version) {
        PositionState s = new PositionState();
        QuantityState.STORED.forEach(state -> s.quantities.put(state.code(), stored.applyAsLong(state)));
        if (systems != null) {
            s.systems.putAll(json.readValue(systems, SYSTEMS));
        }
        if (variances != null) {
            json.readValue(variances, VARIANCES).forEach(v -> s.variances.put(VarianceView.key(v.system(), v.state()), v));
        }
        if (openSteps != null) {
            s.openSteps.addAll(json.readValue(openSteps, STEPS));
        }
        s.lastEventAt = lastEventAt;
        s.version = version;
        return s;
    }

    /** The JSON columns of a state. */
    Encoded encode(PositionState state) {
        return new Encoded(json.writeValueAsString(state.systems),
                json.writeValueAsString(List.copyOf(state.variances.values())),
                json.writeValueAsString(List.copyOf(state.openSteps)));
    }

    record Encoded(String systems, String variances, String openSteps) {
    }

    public Map<String, SystemObservation> systems(PositionRow row) {
        return row.systems() == null ? Map.of() : new LinkedHashMap<>(json.readValue(row.systems(), SYSTEMS));
    }
}
