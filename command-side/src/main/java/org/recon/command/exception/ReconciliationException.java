package org.recon.command.exception;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.exception.AcknowledgeException;
import org.recon.api.exception.AssignException;
import org.recon.api.exception.AutoResolveException;
import org.recon.api.exception.EscalateException;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAssigned;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionEscalated;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.ExceptionStatus;
import org.recon.api.exception.OpenException;
import org.recon.api.exception.Priority;
import org.recon.api.exception.Resolution;
import org.recon.api.exception.ResolveException;
import org.recon.api.exception.ResolutionAdjustment;

import java.time.Instant;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One reconciliation exception: OPEN, ACKNOWLEDGED, RESOLVED, or AUTO_RESOLVED when its condition
 * clears first (DESIGN 4.5). Only the owning team (or an admin, who sends no team) may work it.
 * Public because Axon instantiates it reflectively.
 */
class ReconciliationException {

    @AggregateIdentifier
    private String exceptionId;
    private PositionId positionId;
    private String team;
    private Priority priority;
    private ExceptionStatus status;
    private boolean escalated;
    private Instant slaDueAt;

    /** Answer of the operator commands: what the REST layer reports back. */
    record Outcome(String exceptionId, ExceptionStatus status, String team) {
    }

    ReconciliationException() {
        // for Axon's event sourcing
    }

    @CommandHandler
    ReconciliationException(OpenException command) {
        if (command.reason() == null || command.priority() == null || command.team() == null || command.openedAt() == null) {
            throw new ExceptionRuleViolation(ExceptionRuleViolation.Kind.INVALID_COMMAND,
                    "an exception needs a reason, a priority, a team and an opening time");
        }
        apply(new ExceptionOpened(command.exceptionId(), command.positionId(), command.system(), command.state(),
                command.reason(), command.priority(), command.team(), command.openedAt(), command.slaDueAt(),
                command.evidence() == null ? Map.of() : command.evidence(), command.recurrenceOf(), command.trigger()));
    }

    @CommandHandler
    Outcome handle(AcknowledgeException command) {
        requireOwner(command.actorTeam());
        if (status != ExceptionStatus.OPEN) {
            throw ExceptionRuleViolation.transition("exception " + exceptionId + " is " + status + "; only an OPEN exception can be acknowledged");
        }
        apply(new ExceptionAcknowledged(exceptionId, positionId, command.actor(), now()));
        return outcome();
    }

    @CommandHandler
    Outcome handle(AssignException command) {
        requireOwner(command.actorTeam());
        if (status.isClosed()) {
            throw ExceptionRuleViolation.transition("exception " + exceptionId + " is " + status + " and cannot be assigned");
        }
        if (command.team() == null || command.team().isBlank()) {
            throw new ExceptionRuleViolation(ExceptionRuleViolation.Kind.INVALID_COMMAND, "a team is required");
        }
        if (!command.team().equals(team)) {
            apply(new ExceptionAssigned(exceptionId, positionId, team, command.team(), command.actor(), now()));
        }
        return outcome();
    }

    @CommandHandler
    Outcome handle(ResolveException command) {
        requireOwner(command.actorTeam());
        if (status.isClosed()) {
            throw ExceptionRuleViolation.transition("exception " + exceptionId + " is already " + status);
        }
        requireValidResolution(command.resolution(), command.note(), command.adjustment());
        apply(new ExceptionResolved(exceptionId, positionId, command.resolution(), command.note().trim(),
                command.resolution() == Resolution.ADJUSTED ? command.adjustment() : null,
                command.actor(), now(), status == ExceptionStatus.OPEN));
        return outcome();
    }

    /** The condition may clear after someone resolved it by hand: that is not an error, the saga just learns it late. */
    @CommandHandler
    Outcome handle(AutoResolveException command) {
        if (!status.isClosed()) {
            apply(new ExceptionAutoResolved(exceptionId, positionId, command.cause(),
                    command.evidence() == null ? Map.of() : command.evidence(), now()));
        }
        return outcome();
    }

    /** The SLA is an acknowledgement SLA: once someone has taken the exception on, it cannot be breached. */
    @CommandHandler
    Outcome handle(EscalateException command) {
        if (status == ExceptionStatus.OPEN && !escalated) {
            apply(new ExceptionEscalated(exceptionId, positionId, priority, team, slaDueAt, now()));
        }
        return outcome();
    }

    private void requireOwner(String actorTeam) {
        // an admin acts without a team; an operator only on what its team owns
        if (actorTeam != null && !actorTeam.equals(team)) {
            throw new ExceptionRuleViolation(ExceptionRuleViolation.Kind.NOT_OWNER,
                    "exception " + exceptionId + " belongs to team " + team + ", not " + actorTeam);
        }
    }

    private static void requireValidResolution(Resolution resolution, String note, ResolutionAdjustment adjustment) {
        if (resolution == null || note == null || note.isBlank()) {
            throw new ExceptionRuleViolation(ExceptionRuleViolation.Kind.INVALID_COMMAND, "a resolution and a note are required");
        }
        if (resolution == Resolution.ADJUSTED) {
            if (adjustment == null || adjustment.delta() == 0 || adjustment.state() == null
                    || QuantityState.fromCode(adjustment.state()).filter(s -> s != QuantityState.AVAILABLE).isEmpty()) {
                throw new ExceptionRuleViolation(ExceptionRuleViolation.Kind.INVALID_COMMAND,
                        "an ADJUSTED resolution needs an adjustment of a stored state with a non-zero delta");
            }
        }
    }

    /** Axon's event clock: the same clock that stamps the events, and the one test fixtures control. */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    private Outcome outcome() {
        return new Outcome(exceptionId, status, team);
    }

    @EventSourcingHandler
    void on(ExceptionOpened event) {
        exceptionId = event.exceptionId();
        positionId = event.positionId();
        team = event.team();
        priority = event.priority();
        slaDueAt = event.slaDueAt();
        status = ExceptionStatus.OPEN;
    }

    @EventSourcingHandler
    void on(ExceptionAcknowledged event) {
        status = ExceptionStatus.ACKNOWLEDGED;
    }

    @EventSourcingHandler
    void on(ExceptionAssigned event) {
        team = event.toTeam();
    }

    @EventSourcingHandler
    void on(ExceptionResolved event) {
        status = ExceptionStatus.RESOLVED;
    }

    @EventSourcingHandler
    void on(ExceptionAutoResolved event) {
        status = ExceptionStatus.AUTO_RESOLVED;
    }

    @EventSourcingHandler
    void on(ExceptionEscalated event) {
        escalated = true;
    }
}
