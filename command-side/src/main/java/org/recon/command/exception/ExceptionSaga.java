package org.recon.command.exception;

import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.exception.AutoResolveException;
import org.recon.api.exception.EscalateException;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.OpenException;
import org.recon.api.exception.Resolution;
import org.recon.api.exception.ResolutionAdjustment;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.CloseVarianceWindow;
import org.recon.api.position.DuplicateConflictRecorded;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementType;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.StepState;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of one reconciliation condition (DESIGN 4.5): a step awaiting reports or a variance
 * starts a window; clearing inside it ends the saga quietly; otherwise the window's end asks the
 * position whether the condition still stands, and its answer (StepOverdue / VarianceOverdue) opens
 * the exception(s), each with an SLA deadline. Conditions without a window (negative available,
 * duplicate conflict, unmapped identity) open at once. The saga ends when every exception it opened
 * is closed. Windows and SLAs are deadlines of the persistent deadline manager, so they survive a
 * restart. Public because Axon instantiates it reflectively; its state is serialized field by field.
 */
public class ExceptionSaga {

    static final String WINDOW_DEADLINE = "exception-window";
    static final String SLA_DEADLINE = "exception-sla";
    static final String EXCEPTION_ID = "exceptionId";
    static final String NEGATIVE_AVAILABLE_KEY = "negativeAvailablePosition";
    static final String INBOX_KEY = "inboxId";

    private static final Logger log = LoggerFactory.getLogger(ExceptionSaga.class);

    enum Kind { STEP, VARIANCE, NEGATIVE_AVAILABLE, DUPLICATE_CONFLICT, UNMAPPED_IDENTITY }

    @Inject
    private transient CommandGateway commandGateway;
    @Inject
    private transient DeadlineManager deadlineManager;
    @Inject
    private transient ExceptionRules rules;

    private Kind kind;
    private PositionId positionId;
    private String trigger;
    private String windowDeadlineId;
    /** Whether the condition has been decided (overdue, cleared, or opened at once): no window is pending. */
    private boolean windowClosed;
    private Set<String> openExceptions = new LinkedHashSet<>();
    private Map<String, String> slaDeadlines = new HashMap<>();

    public ExceptionSaga() {
        // for Axon and the saga serializer
    }

    // ---- incomplete steps -------------------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = "stepId")
    void on(StepAwaitingReports event, @Timestamp Instant recordedAt) {
        if (kind != null) {
            return; // the same episode announced twice: its window is already running
        }
        kind = Kind.STEP;
        positionId = event.positionId();
        trigger = event.stepId();
        startWindow(event.window(), event.highRisk(), event.detectedAt(), recordedAt);
    }

    @SagaEventHandler(associationProperty = "stepId")
    void on(StepCompleted event, @Timestamp Instant at) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("stepId", event.stepId());
        evidence.put("completedAt", String.valueOf(event.completedAt()));
        evidence.put("durationMillis", event.durationMillis());
        if (event.causeEventId() != null) {
            evidence.put("causeEventId", event.causeEventId());
        }
        conditionCleared("STEP_COMPLETED", evidence);
    }

    @SagaEventHandler(associationProperty = "stepId")
    void on(StepOverdue event, @Timestamp Instant at) {
        windowClosed = true;
        for (LaggingReporter lagging : event.lagging()) {
            ExceptionReason reason = reasonOf(lagging.reasonCode(), ExceptionReason.MISSING_ACKNOWLEDGEMENT);
            Map<String, Object> evidence = stepEvidence(event.step());
            evidence.put("stepId", event.stepId());
            evidence.put("laggingSystem", lagging.system().value());
            evidence.put("reported", lagging.reported());
            evidence.put("effective", lagging.effective());
            evidence.put("detectedAt", String.valueOf(event.detectedAt()));
            evidence.put("overdueAt", String.valueOf(event.overdueAt()));
            String id = ExceptionRules.exceptionId("step", event.stepId(), lagging.system().value(), reason.name());
            // a step concerns a business document, not one quantity state: no state
            open(id, event.positionId(), lagging.system(), null, reason,
                    event.highRisk(), at, evidence, event.stepId());
        }
        endIfDone();
    }

    // ---- variances --------------------------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = "varianceId")
    void on(VarianceDetected event, @Timestamp Instant recordedAt) {
        if (kind != null) {
            return;
        }
        kind = Kind.VARIANCE;
        positionId = event.positionId();
        trigger = event.varianceId();
        startWindow(event.window(), event.highRisk(), event.detectedAt(), recordedAt);
    }

    @SagaEventHandler(associationProperty = "varianceId")
    void on(VarianceCleared event) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("varianceId", event.varianceId());
        evidence.put("clearedAt", String.valueOf(event.clearedAt()));
        evidence.put("durationMillis", event.durationMillis());
        if (event.causeEventId() != null) {
            evidence.put("causeEventId", event.causeEventId());
        }
        conditionCleared("VARIANCE_CLEARED", evidence);
    }

    @SagaEventHandler(associationProperty = "varianceId")
    void on(VarianceOverdue event, @Timestamp Instant at) {
        windowClosed = true;
        ExceptionReason reason = reasonOf(event.reasonCode(), ExceptionReason.SOURCE_MISMATCH);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("varianceId", event.varianceId());
        evidence.put("system", event.system().value());
        evidence.put("state", event.state());
        evidence.put("reported", event.reported());
        evidence.put("expected", event.expected());
        evidence.put("unexplained", event.unexplained());
        evidence.put("inFlight", event.inFlight());
        evidence.put("detectedAt", String.valueOf(event.detectedAt()));
        evidence.put("overdueAt", String.valueOf(event.overdueAt()));
        if (event.observationEventId() != null) {
            evidence.put("observationEventId", event.observationEventId());
        }
        String id = ExceptionRules.exceptionId("variance", event.varianceId(), reason.name());
        open(id, event.positionId(), event.system(), event.state(), reason, event.highRisk(), at,
                evidence, event.varianceId());
        endIfDone();
    }

    // ---- conditions without a window ---------------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = "positionId", keyName = NEGATIVE_AVAILABLE_KEY)
    void on(NegativeAvailableDetected event, @Timestamp Instant at) {
        if (kind != null) {
            return; // still negative since the last detection: its exception is already open
        }
        kind = Kind.NEGATIVE_AVAILABLE;
        positionId = event.positionId();
        windowClosed = true;
        Instant detectedAt = event.detectedAt() != null ? event.detectedAt() : at;
        trigger = "negative-available:" + event.positionId().asString() + ":" + detectedAt;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("available", event.available());
        evidence.put("detectedAt", String.valueOf(detectedAt));
        if (event.causeEventId() != null) {
            evidence.put("causeEventId", event.causeEventId());
        }
        String id = ExceptionRules.exceptionId(trigger);
        open(id, event.positionId(), rules.availabilityOwner(), QuantityState.AVAILABLE.code(),
                ExceptionReason.NEGATIVE_AVAILABLE, event.highRisk(), at, evidence, trigger);
    }

    @SagaEventHandler(associationProperty = "positionId", keyName = NEGATIVE_AVAILABLE_KEY)
    void on(NegativeAvailableCleared event) {
        // a later detection on this position is a new episode, with a saga of its own
        SagaLifecycle.removeAssociationWith(NEGATIVE_AVAILABLE_KEY, event.positionId().asString());
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("available", event.available());
        evidence.put("clearedAt", String.valueOf(event.clearedAt()));
        if (event.causeEventId() != null) {
            evidence.put("causeEventId", event.causeEventId());
        }
        conditionCleared("NEGATIVE_AVAILABLE_CLEARED", evidence);
    }

    @StartSaga(forceNew = true)
    @SagaEventHandler(associationProperty = "eventId", keyName = "duplicateEventId")
    void on(DuplicateConflictRecorded event, @Timestamp Instant at) {
        kind = Kind.DUPLICATE_CONFLICT;
        positionId = event.positionId();
        windowClosed = true;
        trigger = "duplicate:" + event.system().value() + ":" + event.eventId() + ":" + event.attemptFingerprint();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("eventId", event.eventId());
        evidence.put("originalFingerprint", event.originalFingerprint());
        evidence.put("attemptFingerprint", event.attemptFingerprint());
        if (event.attempt() != null) {
            evidence.put("attempt", event.attempt());
        }
        String id = ExceptionRules.exceptionId(event.positionId().asString(), trigger);
        open(id, event.positionId(), event.system(), null, ExceptionReason.DUPLICATE_CONFLICT, false, at,
                evidence, trigger);
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "inboxId", keyName = INBOX_KEY)
    void on(MessageParked event, @Timestamp Instant at) {
        if (kind != null) {
            return;
        }
        if (!ExceptionReason.UNMAPPED_IDENTITY.name().equals(event.code())) {
            SagaLifecycle.end();
            return;
        }
        kind = Kind.UNMAPPED_IDENTITY;
        positionId = positionOf(event.externalSku(), event.externalLocation());
        windowClosed = true;
        trigger = "inbox:" + event.inboxId();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("inboxId", event.inboxId());
        evidence.put("eventId", event.eventId());
        evidence.put("kind", event.kind());
        if (event.externalSku() != null) {
            evidence.put("externalSku", event.externalSku());
        }
        if (event.externalLocation() != null) {
            evidence.put("externalLocation", event.externalLocation());
        }
        if (event.detail() != null) {
            evidence.put("detail", event.detail());
        }
        String id = ExceptionRules.exceptionId(trigger);
        open(id, positionId, event.system(), null, ExceptionReason.UNMAPPED_IDENTITY, false, at,
                evidence, trigger);
    }

    @SagaEventHandler(associationProperty = "inboxId", keyName = INBOX_KEY)
    void on(ParkedMessageReplayed event) {
        if ("PARKED".equalsIgnoreCase(event.outcome())) {
            return; // replayed but still unmapped: the exception stands
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("inboxId", event.inboxId());
        evidence.put("outcome", String.valueOf(event.outcome()));
        evidence.put("replayedAt", String.valueOf(event.replayedAt()));
        conditionCleared("PARKED_MESSAGE_REPLAYED", evidence);
    }

    // ---- the exceptions this saga opened ------------------------------------------------------

    @SagaEventHandler(associationProperty = EXCEPTION_ID)
    void on(ExceptionAcknowledged event) {
        cancelSla(event.exceptionId());
    }

    @SagaEventHandler(associationProperty = EXCEPTION_ID)
    void on(ExceptionResolved event) {
        if (event.resolution() == Resolution.ADJUSTED && event.adjustment() != null && event.positionId() != null) {
            applyAdjustment(event);
        }
        closed(event.exceptionId());
    }

    @SagaEventHandler(associationProperty = EXCEPTION_ID)
    void on(ExceptionAutoResolved event) {
        closed(event.exceptionId());
    }

    @DeadlineHandler(deadlineName = WINDOW_DEADLINE)
    void onWindowEnd() {
        windowDeadlineId = null;
        if (windowClosed) {
            return;
        }
        // the position decides: it answers with StepOverdue / VarianceOverdue only if the condition still stands
        if (kind == Kind.STEP) {
            commandGateway.sendAndWait(new CloseStepWindow(positionId, trigger));
        } else if (kind == Kind.VARIANCE) {
            commandGateway.sendAndWait(new CloseVarianceWindow(positionId, trigger));
        }
    }

    @DeadlineHandler(deadlineName = SLA_DEADLINE)
    void onSlaBreached(String exceptionId) {
        slaDeadlines.remove(exceptionId);
        if (openExceptions.contains(exceptionId)) {
            commandGateway.sendAndWait(new EscalateException(exceptionId));
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void startWindow(Duration window, boolean highRisk, Instant detectedAt, Instant recordedAt) {
        Duration length = window != null ? window : rules.fallbackWindow(highRisk);
        // the window runs on the service's clock from when the condition was recorded, not from when this saga saw it
        Instant start = detectedAt != null ? detectedAt : recordedAt;
        windowDeadlineId = deadlineManager.schedule(start.plus(length), WINDOW_DEADLINE);
    }

    private void conditionCleared(String cause, Map<String, Object> evidence) {
        windowClosed = true;
        cancelWindow();
        if (openExceptions.isEmpty()) {
            SagaLifecycle.end(); // timing: cleared inside its window, nothing to open
            return;
        }
        for (String exceptionId : openExceptions) {
            commandGateway.sendAndWait(new AutoResolveException(exceptionId, cause, evidence));
        }
    }

    private void open(String exceptionId, PositionId position, SystemId system, String state, ExceptionReason reason,
                         boolean highRisk, Instant openedAt, Map<String, Object> evidence, String trigger) {
        if (openExceptions.contains(exceptionId)) {
            return;
        }
        ExceptionRules.Opening opening = rules.decide(position, reason, system, highRisk, openedAt, trigger);
        try {
            commandGateway.sendAndWait(new OpenException(exceptionId, position, system, state, reason,
                    opening.priority(), opening.team(), openedAt, opening.slaDueAt(), evidence,
                    opening.recurrenceOf(), trigger));
        } catch (AggregateStreamCreationException alreadyOpen) {
            // a retried handler: the exception exists from the earlier attempt; keep tracking it
            log.info("exception {} already open", exceptionId);
        }
        SagaLifecycle.associateWith(EXCEPTION_ID, exceptionId);
        openExceptions.add(exceptionId);
        slaDeadlines.put(exceptionId, deadlineManager.schedule(opening.slaDueAt(), SLA_DEADLINE, exceptionId));
    }

    private void applyAdjustment(ExceptionResolved event) {
        ResolutionAdjustment adjustment = event.adjustment();
        QuantityState state = QuantityState.ofCode(adjustment.state());
        AdjustmentReason reason = adjustment.reason() != null ? adjustment.reason() : AdjustmentReason.EXCEPTION_RESOLUTION;
        // recorded in the name of the state's owner, so the position treats it as authoritative; the eventId
        // makes a redelivery a DUPLICATE at the position instead of a second adjustment
        RecordMovement movement = new RecordMovement(event.positionId(), rules.ownerOf(state.code()),
                "exception-" + event.exceptionId() + "-resolution", MovementType.ADJUSTED, event.resolvedAt(),
                0, adjustment.delta(), state, null, null, reason, null, event.note(), event.actor(), true,
                event.exceptionId());
        try {
            commandGateway.sendAndWait(movement);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            // a rejection will not succeed on retry, and retrying would hold up every other exception
            log.error("the position rejected the adjustment of resolved exception {}: {}", event.exceptionId(), e.toString());
        }
    }

    private void closed(String exceptionId) {
        cancelSla(exceptionId);
        openExceptions.remove(exceptionId);
        endIfDone();
    }

    private void endIfDone() {
        if (windowClosed && openExceptions.isEmpty()) {
            cancelWindow();
            SagaLifecycle.end();
        }
    }

    private void cancelWindow() {
        if (windowDeadlineId != null) {
            deadlineManager.cancelSchedule(WINDOW_DEADLINE, windowDeadlineId);
            windowDeadlineId = null;
        }
    }

    private void cancelSla(String exceptionId) {
        String deadlineId = slaDeadlines.remove(exceptionId);
        if (deadlineId != null) {
            deadlineManager.cancelSchedule(SLA_DEADLINE, deadlineId);
        }
    }

    private static ExceptionReason reasonOf(String code, ExceptionReason fallback) {
        if (code == null) {
            return fallback;
        }
        try {
            return ExceptionReason.valueOf(code);
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }

    private static Map<String, Object> stepEvidence(StepState step) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        if (step == null) {
            return evidence;
        }
        if (step.document() != null) {
            evidence.put("document", step.document().key());
        }
        if (step.type() != null) {
            evidence.put("type", step.type().name());
        }
        if (step.authority() != null) {
            evidence.put("authority", step.authority().value());
        }
        Map<String, Long> reported = new LinkedHashMap<>();
        if (step.reported() != null) {
            step.reported().forEach((system, quantity) -> reported.put(system.value(), quantity));
        }
        evidence.put("reportedBySystem", reported);
        evidence.put("provisional", step.provisional());
        return evidence;
    }

    private static PositionId positionOf(String sku, String location) {
        if (sku == null || location == null) {
            return null;
        }
        try {
            return PositionId.of(sku, location);
        } catch (RuntimeException notACanonicalCode) {
            return null; // an external code may not even be well-formed; the exception still opens, without a position
        }
    }
}
