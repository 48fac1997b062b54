package org.recon.query.position;

import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        PositionState s = new PositionState();
        s.quantities.put("on_hand", row.onHand());
        s.quantities.put("committed", row.committed());
        s.quantities.put("reserved", row.reserved());
        s.quantities.put("damaged", row.damaged());
        s.quantities.put("quality_control", row.qualityControl());
        s.quantities.put("safety_stock", row.safetyStock());
        s.quantities.put("incoming", row.incoming());
        s.quantities.put("picked", row.picked());
        if (row.systems() != null) {
            s.systems.putAll(json.readValue(row.systems(), SYSTEMS));
        }
        if (row.variances() != null) {
            json.readValue(row.variances(), VARIANCES)
                    .forEach(v -> s.variances.put(VarianceView.key(v.system(), v.state()), v));
        }
        if (row.openSteps() != null) {
            s.openSteps.addAll(json.readValue(row.openSteps(), STEPS));
        }
        s.lastEventAt = row.lastEventAt();
        s.version = row.version();
        return s;
    }

    public void write(PositionState state, PositionRow row) {
        row.write(state, json.writeValueAsString(state.systems),
                json.writeValueAsString(List.copyOf(state.variances.values())),
                json.writeValueAsString(List.copyOf(state.openSteps)));
    }

    public Map<String, SystemObservation> systems(PositionRow row) {
        return row.systems() == null ? Map.of() : new LinkedHashMap<>(json.readValue(row.systems(), SYSTEMS));
    }
}
