package org.recon.api.position;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.SystemId;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A business step as the position knows it after a report: each system's cumulative quantity, the effective one, who is behind. */
public record StepState(
        String stepId,
        DocumentRef document,
        MovementType type,
        SystemId authority,
        Set<SystemId> expectedReporters,
        Map<SystemId,
        Long> reported,
        long effective,
        boolean provisional,
        Map<SystemId,
        Long> inFlight,
        Map<SystemId,
        Long> overReported,
        boolean complete,
        Instant firstReportedAt) {
}
