package org.recon.command.exception;

import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.Priority;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The named policies the exception saga applies, in one resource so the saga has a single thing
 * injected (and its tests a single thing to build).
 */
final class ExceptionRules {

    private final RoutingPolicy routing;
    private final PriorityPolicy priority;
    private final SlaPolicy sla;
    private final RecurrencePolicy recurrence;
    private final Duration defaultWindow;
    private final Duration highRiskWindow;

    ExceptionRules(RoutingPolicy routing, PriorityPolicy priority, SlaPolicy sla, RecurrencePolicy recurrence,
                   Duration defaultWindow, Duration highRiskWindow) {
        this.routing = routing;
        this.priority = priority;
        this.sla = sla;
        this.recurrence = recurrence;
        this.defaultWindow = defaultWindow;
        this.highRiskWindow = highRiskWindow;
    }

    /** Everything the saga decides when it opens an exception. */
    record Opening(String team, Priority priority, Instant slaDueAt, String recurrenceOf) {
    }

    Opening decide(PositionId position, ExceptionReason reason, SystemId concerned, boolean highRisk,
                   Instant openedAt, String trigger) {
        Priority p = priority.priorityOf(reason, highRisk);
        return new Opening(routing.teamFor(reason, concerned), p, sla.dueAt(p, openedAt),
                recurrence.recurrenceOf(position == null ? null : position.asString(), reason, openedAt, trigger)
                        .orElse(null));
    }

    /** Used only when a condition event arrives without its window (it should always carry one). */
    Duration fallbackWindow(boolean highRisk) {
        return highRisk ? highRiskWindow : defaultWindow;
    }

    SystemId ownerOf(String state) {
        return routing.ownerOf(state);
    }

    SystemId availabilityOwner() {
        return routing.availabilityOwnerSystem();
    }

    /**
     * Ids are derived from the condition, not random, so a saga handler retried after a failure opens
     * the same exception again (and finds it already there) instead of a second one.
     */
    static String exceptionId(String... parts) {
        String key = String.join("|", parts);
        return "EXC-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
