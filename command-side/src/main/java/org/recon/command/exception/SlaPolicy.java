package org.recon.command.exception;

import org.recon.api.exception.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The acknowledgement SLA per priority ({@code recon.sla.p1..p4}). */
final class SlaPolicy {

    private final Map<Priority, Duration> slas;

    SlaPolicy(Duration p1, Duration p2, Duration p3, Duration p4) {
        slas = new EnumMap<>(Priority.class);
        slas.put(Priority.P1, Objects.requireNonNull(p1));
        slas.put(Priority.P2, Objects.requireNonNull(p2));
        slas.put(Priority.P3, Objects.requireNonNull(p3));
        slas.put(Priority.P4, Objects.requireNonNull(p4));
    }

    Duration slaOf(Priority priority) {
        return slas.get(priority);
    }

    Instant dueAt(Priority priority, Instant openedAt) {
        return openedAt.plus(slaOf(priority));
    }
}
