package org.recon.query.position;

import org.recon.api.common.QuantityState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the events of one position add up to; the same fold serves the live projection, as-of and verify. */
public final class PositionState {

    final Map<String, Long> quantities = new LinkedHashMap<>();
    final Map<String, SystemObservation> systems = new TreeMap<>();
    final Map<String, VarianceView> variances = new TreeMap<>();
    final TreeSet<String> openSteps = new TreeSet<>();
    Instant lastEventAt;
    long version;

    public PositionState() {
        QuantityState.STORED.forEach(s -> quantities.put(s.code(), 0L));
    }

    /**
     * A state to fold the next event into, leaving this one as it is should the event fail. The maps' values are
     * records the fold replaces rather than changes, so copying the maps is enough.
     */
    PositionState copy() {
        PositionState copy = new PositionState();
        copy.quantities.putAll(quantities);
        copy.systems.putAll(systems);
        copy.variances.putAll(variances);
        copy.openSteps.addAll(openSteps);
        copy.lastEventAt = lastEventAt;
        copy.version = version;
        return copy;
    }

    public long quantity(QuantityState state) {
        if (state == QuantityState.AVAILABLE) {
            return available();
        }
        return quantities.getOrDefault(state.code(), 0L);
    }

    public long available() {
        long held = QuantityState.HELD_FROM_ON_HAND.stream().mapToLong(s -> quantities.getOrDefault(s.code(), 0L)).sum();
        return quantities.getOrDefault(QuantityState.ON_HAND.code(), 0L) - held;
    }

    /** Every state in the contract's order, {@code available} derived. */
    public Map<String, Long> allQuantities() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (QuantityState state : QuantityState.values()) {
            all.put(state.code(), quantity(state));
        }
        return all;
    }

    public Map<String, SystemObservation> systems() {
        return systems;
    }

    public Map<String, VarianceView> variances() {
        return variances;
    }

    public TreeSet<String> openSteps() {
        return openSteps;
    }

    public Instant lastEventAt() {
        return lastEventAt;
    }

    public long version() {
        return version;
    }

    /** DRIFT, TIMING or IN_SYNC; EXCEPTION is decided by the open exceptions, which live with the exceptions. */
    public PositionStatus baseStatus() {
        boolean drift = variances.values().stream().anyMatch(v -> !VarianceView.TIMING.equals(v.status()));
        if (drift) {
            return PositionStatus.DRIFT;
        }
        boolean timing = !openSteps.isEmpty() || variances.values().stream().anyMatch(v -> VarianceView.TIMING.equals(v.status()));
        return timing ? PositionStatus.TIMING : PositionStatus.IN_SYNC;
    }
}
