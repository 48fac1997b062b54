package org.recon.command.position;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.SystemId;
import org.recon.api.position.MovementType;
import org.recon.api.position.StepState;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One business step at a position: {@code (document, line, type)} as reported by several systems.
 * Holds each system's cumulative quantity and what has been applied to the reconciled position.
 */
final class StepProgress {

    final String key;
    final DocumentRef document;
    final MovementType type;
    final SystemId authority;
    final Set<SystemId> expectedReporters;
    /** Sized for the usual two or three reporters: a position holds one per step of its history. */
    final Map<SystemId, Long> reported = new LinkedHashMap<>(4);
    final Instant firstReportedAt;
    /** The effective quantity already applied to the reconciled position. */
    long effective;
    /** For a transfer's receipt: how much the origin shipped here. */
    long arrivalExpected;
    /** The open episode of disagreement, if any: its id and when the service recorded it. */
    String conditionId;
    Instant conditionSince;
    boolean overdue;

    StepProgress(String key, DocumentRef document, MovementType type, SystemId authority,
                 Set<SystemId> expectedReporters, Instant firstReportedAt) {
        this.key = key;
        this.document = document;
        this.type = type;
        this.authority = authority;
        this.expectedReporters = expectedReporters;
        this.firstReportedAt = firstReportedAt;
    }

    static String keyOf(DocumentRef document, MovementType type) {
        return document.key() + "/" + type.name();
    }

    static StepProgress from(StepState state) {
        StepProgress step = new StepProgress(state.stepId(), state.document(), state.type(), state.authority(),
                Set.copyOf(state.expectedReporters()), state.firstReportedAt());
        step.reported.putAll(state.reported());
        step.effective = state.effective();
        return step;
    }

    long reportedBy(SystemId system) {
        return reported.getOrDefault(system, 0L);
    }

    /** The effective quantity reports would give: the authority's once it reported, else the largest. */
    long effectiveFromReports() {
        if (reported.containsKey(authority)) {
            return reported.get(authority);
        }
        return reported.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** What every expected reporter must reach: the effective quantity, or what was shipped here. */
    long target() {
        return Math.max(effective, arrivalExpected);
    }

    boolean provisional() {
        return !reported.containsKey(authority);
    }

    boolean complete() {
        long target = target();
        boolean everyoneReached = expectedReporters.stream().allMatch(system -> reportedBy(system) == target);
        boolean noneAhead = reported.values().stream().noneMatch(quantity -> quantity > target);
        return everyoneReached && noneAhead;
    }

    Map<SystemId, Long> inFlight() {
        Map<SystemId, Long> behind = new LinkedHashMap<>();
        long target = target();
        for (SystemId system : expectedReporters) {
            long missing = target - reportedBy(system);
            if (missing > 0) {
                behind.put(system, missing);
            }
        }
        return behind;
    }

    Map<SystemId, Long> overReported() {
        Map<SystemId, Long> ahead = new LinkedHashMap<>();
        reported.forEach((system, quantity) -> {
            if (quantity > target()) {
                ahead.put(system, quantity - target());
            }
        });
        return ahead;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepProgress step && key.equals(step.key) && reported.equals(step.reported)
                && effective == step.effective && arrivalExpected == step.arrivalExpected
                && Objects.equals(conditionId, step.conditionId) && Objects.equals(conditionSince, step.conditionSince)
                && overdue == step.overdue && expectedReporters.equals(step.expectedReporters)
                && Objects.equals(firstReportedAt, step.firstReportedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, reported, effective, arrivalExpected, conditionId);
    }

    StepState toState() {
        return new StepState(key, document, type, authority, Set.copyOf(expectedReporters), Map.copyOf(reported),
                effective, provisional(), inFlight(), overReported(), complete(), firstReportedAt);
    }
}
