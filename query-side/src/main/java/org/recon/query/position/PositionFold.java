package org.recon.query.position;

import org.recon.api.common.QuantityState;
import org.recon.api.position.DuplicateConflictRecorded;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservedState;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.StepState;
import org.recon.api.position.TransferArrivalExpected;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds a position's events into a {@link PositionState}. Displays what the events say (changes,
 * step states, verdicts); it decides nothing. A failing event leaves the state untouched.
 */
public final class PositionFold {

    private PositionFold() {
    }

    private static final java.util.Set<Class<?>> POSITION_EVENT_TYPES = java.util.Set.of(MovementRecorded.class,
            PositionCorrected.class, TransferArrivalExpected.class, ObservationRecorded.class, VarianceDetected.class,
            VarianceCleared.class, VarianceOverdue.class, StepAwaitingReports.class, StepCompleted.class,
            StepOverdue.class, NegativeAvailableDetected.class, NegativeAvailableCleared.class,
            DuplicateConflictRecorded.class);

    /** {@link #isPositionEvent} by the payload's type, without deserialising the payload. */
    public static boolean isPositionEventType(Class<?> payloadType) {
        return payloadType != null && POSITION_EVENT_TYPES.contains(payloadType); // the events are records (final)
    }

    public static boolean isPositionEvent(Object payload) {
        return payload instanceof MovementRecorded || payload instanceof PositionCorrected
                || payload instanceof TransferArrivalExpected || payload instanceof ObservationRecorded
                || payload instanceof VarianceDetected || payload instanceof VarianceCleared
                || payload instanceof VarianceOverdue || payload instanceof StepAwaitingReports
                || payload instanceof StepCompleted || payload instanceof StepOverdue
                || payload instanceof NegativeAvailableDetected || payload instanceof NegativeAvailableCleared
                || payload instanceof DuplicateConflictRecorded;
    }

    public static boolean apply(PositionState s, Object payload, Instant committedAt) {
        if (!isPositionEvent(payload)) {
            return false;
        }
        if (payload instanceof MovementRecorded m) {
            applyChanges(s, m.changes());
            trackStep(s, m.step());
        } else if (payload instanceof PositionCorrected c) {
            applyChanges(s, c.changes());
        } else if (payload instanceof TransferArrivalExpected t) {
            applyChanges(s, t.changes());
            trackStep(s, t.step());
        } else if (payload instanceof ObservationRecorded o) {
            observe(s, o);
        } else if (payload instanceof VarianceDetected v) {
            s.variances.put(VarianceView.key(v.system().value(), v.state()), new VarianceView(v.system().value(),
                    v.state(), v.reported(), v.expected(), v.unexplained(), v.inFlight(), VarianceView.VARIANCE));
        } else if (payload instanceof VarianceOverdue v) {
            s.variances.put(VarianceView.key(v.system().value(), v.state()), new VarianceView(v.system().value(),
                    v.state(), v.reported(), v.expected(), v.unexplained(), v.inFlight(), VarianceView.OVERDUE));
        } else if (payload instanceof VarianceCleared v) {
            s.variances.remove(VarianceView.key(v.system().value(), v.state()));
        } else if (payload instanceof StepAwaitingReports a) {
            s.openSteps.add(a.stepId());
        } else if (payload instanceof StepOverdue o) {
            s.openSteps.add(o.stepId());
        } else if (payload instanceof StepCompleted c) {
            s.openSteps.remove(c.stepId());
        }
        if (s.openSteps.isEmpty()) {
            s.variances.values().removeIf(v -> VarianceView.TIMING.equals(v.status()));
        }
        s.version++;
        // PostgreSQL keeps microseconds: the read model, as-of and the audit check must agree on one precision
        s.lastEventAt = committedAt == null ? null : committedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return true;
    }

    private static void applyChanges(PositionState s, Map<String, Long> changes) {
        if (changes == null || changes.isEmpty()) {
            return;
        }
        Map<String, Long> resolved = new LinkedHashMap<>();
        changes.forEach((code, delta) -> {
            QuantityState state = QuantityState.ofCode(code);
            if (state != QuantityState.AVAILABLE && delta != null) {
                resolved.merge(state.code(), delta, Long::sum);
            }
        });
        resolved.forEach((code, delta) -> s.quantities.merge(code, delta, Long::sum));
    }

    private static void trackStep(PositionState s, StepState step) {
        if (step == null || step.stepId() == null) {
            return;
        }
        boolean behind = (step.inFlight() != null && !step.inFlight().isEmpty())
                || (step.overReported() != null && !step.overReported().isEmpty());
        if (step.complete() || !behind) {
            s.openSteps.remove(step.stepId());
        } else {
            s.openSteps.add(step.stepId());
        }
    }

    private static void observe(PositionState s, ObservationRecorded o) {
        if (o.stale()) {
            return;
        }
        String system = o.system().value();
        SystemObservation previous = s.systems.get(system);
        Map<String, Long> quantities = new LinkedHashMap<>(previous == null ? Map.of() : previous.quantities());
        if (o.quantities() != null) {
            quantities.putAll(o.quantities());
        }
        Instant observedAt = previous == null || previous.observedAt() == null || o.observedAt().isAfter(previous.observedAt())
                ? o.observedAt() : previous.observedAt();
        s.systems.put(system, new SystemObservation(observedAt, quantities));
        if (o.states() == null) {
            return;
        }
        for (ObservedState st : o.states()) {
            String key = VarianceView.key(system, st.state());
            switch (st.verdict()) {
                case IN_SYNC -> s.variances.remove(key);
                case TIMING -> s.variances.put(key, new VarianceView(system, st.state(), st.reported(), st.expected(),
                        st.unexplained(), st.inFlight(), VarianceView.TIMING));
                case VARIANCE -> s.variances.put(key, new VarianceView(system, st.state(), st.reported(), st.expected(),
                        st.unexplained(), st.inFlight(), VarianceView.VARIANCE));
            }
        }
    }
}
