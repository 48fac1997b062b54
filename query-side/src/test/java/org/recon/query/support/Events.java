package org.recon.query.support;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.ObservedState;
import org.recon.api.position.StepState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Events as the command side records them, with just the fields the read models display. */
public final class Events {

    public static final String POSITION = "InventoryPosition";
    public static final String EXCEPTION = "ReconciliationException";

    private Events() {
    }

    public static SystemId system(String id) {
        return SystemId.of(id);
    }

    public static StepState step(DocumentRef document, MovementType type, String authority, Set<String> expected,
                                 Map<String, Long> reported, long effective, boolean provisional,
                                 Map<String, Long> inFlight, boolean complete, Instant firstReportedAt) {
        Set<SystemId> expectedReporters = new LinkedHashSet<>();
        expected.forEach(s -> expectedReporters.add(system(s)));
        return new StepState(stepId(document, type), document, type, system(authority), expectedReporters,
                bySystem(reported), effective, provisional, bySystem(inFlight), Map.of(), complete, firstReportedAt);
    }

    public static String stepId(DocumentRef document, MovementType type) {
        return document.key() + "#" + type.name();
    }

    public static MovementRecorded movement(PositionId position, String system, String eventId, MovementType type,
                                            Instant occurredAt, long quantity, DocumentRef document,
                                            Map<String, Long> changes, StepState step) {
        return new MovementRecorded(position, system(system), eventId, type, occurredAt, occurredAt.plusSeconds(1),
                quantity, 0, null, document, null, null, null, null, system.toLowerCase() + "-dev", false, null,
                changes.isEmpty() ? IngestOutcome.ACKNOWLEDGED : IngestOutcome.APPLIED, changes, Set.of(), step);
    }

    public static ObservationRecorded observation(PositionId position, String system, String eventId, Instant observedAt,
                                                  List<ObservedState> states) {
        Map<String, Long> quantities = new LinkedHashMap<>();
        states.forEach(s -> quantities.put(s.state(), s.reported()));
        return new ObservationRecorded(position, system(system), eventId, observedAt, observedAt.plusSeconds(1),
                system.toLowerCase() + "-dev", quantities, states, false);
    }

    public static ObservedState observed(String state, long reported, long expected, long inFlight,
                                         ObservationVerdict verdict) {
        return new ObservedState(state, reported, expected, reported - expected, inFlight, false, verdict);
    }

    private static Map<SystemId, Long> bySystem(Map<String, Long> quantities) {
        Map<SystemId, Long> out = new LinkedHashMap<>();
        quantities.forEach((s, q) -> out.put(system(s), q));
        return out;
    }
}
