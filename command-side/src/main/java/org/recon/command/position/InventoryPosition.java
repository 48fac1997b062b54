package org.recon.command.position;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.CloseVarianceWindow;
import org.recon.api.position.DeferredReductionChanged;
import org.recon.api.position.DuplicateConflictRecorded;
import org.recon.api.position.ExpectTransferArrival;
import org.recon.api.position.ExpectedViewAdjusted;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.ObservationRecorded;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.ObservedState;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.RecordDuplicateConflict;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.RecordMovements;
import org.recon.api.position.RecordObservation;
import org.recon.api.position.RecordObservations;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.StepState;
import org.recon.api.position.TransferArrivalExpected;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;
import org.recon.support.axon.HeldState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One SKU at one location, as reconciled from every system's reports (DESIGN 4.2-4.4).
 * Command handlers decide and apply events that carry every change explicitly; event-sourcing
 * handlers only assign state, so a replay rebuilds exactly what was decided.
 */
class InventoryPosition implements HeldState {

    private static final String EXCEPTION_REASON_MISSING = "MISSING_ACKNOWLEDGEMENT";
    private static final String EXCEPTION_REASON_MISMATCH = "QUANTITY_MISMATCH";
    private static final String SOURCE_MISMATCH = "SOURCE_MISMATCH";
    private static final String OVERSELL_RISK = "OVERSELL_RISK";
    private static final String COUNT_VARIANCE = "COUNT_VARIANCE";
    private static final String ORPHAN_MOVEMENT = "ORPHAN_MOVEMENT";
    /** Steps that need an earlier step of the same document at the same position. */
    private static final Map<MovementType, MovementType> PREREQUISITES = Map.of(
            MovementType.RETURN_RESTOCKED, MovementType.RETURN_RECEIVED,
            MovementType.RETURN_DAMAGED, MovementType.RETURN_RECEIVED);

    @AggregateIdentifier
    private String id;
    private PositionId positionId;
    private final Map<QuantityState, Long> quantities = new EnumMap<>(QuantityState.class);
    private final Map<String, StepProgress> steps = new HashMap<>();
    /** Per state, the source time of the last accepted count or owner observation: earlier movements are included in it. */
    private final Map<QuantityState, Instant> truthAt = new EnumMap<>(QuantityState.class);
    /** Per state, who set it last by count or owner observation, and the steps that count took as in flight for it. */
    private final Map<QuantityState, SystemId> truthBy = new EnumMap<>(QuantityState.class);
    private final Map<QuantityState, Map<String, CountedStep>> countedSteps = new EnumMap<>(QuantityState.class);
    private final Map<SystemId, Instant> lastObservedAt = new HashMap<>();
    private final Map<String, Variance> variances = new HashMap<>();
    /** Per state, the owner's (or manual) adjustments; per system and state, how much of them its own adjustments matched. */
    private final Map<QuantityState, Long> ownerAdjusted = new EnumMap<>(QuantityState.class);
    private final Map<SystemId, Map<QuantityState, Long>> mirrored = new HashMap<>();
    /** Per system and state, what its own non-owner adjustments moved its view by. */
    private final Map<SystemId, Map<QuantityState, Long>> viewOffsets = new HashMap<>();
    private final List<AppliedMovement> movements = new ArrayList<>();
    /** Per document line and floored state, the reduction a floor held back until the earlier movement arrives. */
    private final Map<String, Long> deferredReductions = new HashMap<>();
    private boolean negativeAvailable;
    private long episodes;
    /**
     * While one item of a batch command is decided: the audit metadata its events carry. Empty otherwise (a single
     * command's events get their metadata from the command). Not state: set and reset around each item.
     */
    private transient MetaData itemMetaData = MetaData.emptyInstance();

    /**
     * A step that was in flight for the counting system when its count set a state: how many of its units
     * the count includes, and what the step adds to the state beyond the count ({@code perUnit * (effective - counted)}).
     */
    private static final class CountedStep {
        long countedUnits;
        long contribution;

        CountedStep(long countedUnits, long contribution) {
            this.countedUnits = countedUnits;
            this.contribution = contribution;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CountedStep step && countedUnits == step.countedUnits
                    && contribution == step.contribution;
        }

        @Override
        public int hashCode() {
            return Objects.hash(countedUnits, contribution);
        }
    }

    /** A movement's source time and what it changed: for observations, "what happened after it". */
    private record AppliedMovement(Instant occurredAt, String stepKey, Map<QuantityState, Long> changes, boolean arrival) {
    }

    /** A variance between one system's observation of one state and its expected view. */
    private static final class Variance {
        String id;
        SystemId system;
        QuantityState state;
        long reported;
        long unexplained;
        Instant observedAt;
        Instant detectedAt;
        boolean ownerObservation;
        String observationEventId;
        boolean overdue;
        /** A step whose prerequisite never came, rather than an observation that is off. */
        boolean orphan;

        @Override
        public boolean equals(Object other) {
            return other instanceof Variance variance && id.equals(variance.id) && system.equals(variance.system)
                    && state == variance.state && reported == variance.reported && unexplained == variance.unexplained
                    && Objects.equals(observedAt, variance.observedAt) && detectedAt.equals(variance.detectedAt)
                    && ownerObservation == variance.ownerObservation && overdue == variance.overdue
                    && orphan == variance.orphan;
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }
    }

    /** Its document steps and applied movements: the state that grows with the position's history. */
    @Override
    public long heldItems() {
        return 1L + steps.size() + movements.size();
    }

    InventoryPosition() {
        // required by Axon
    }

    // ---------------------------------------------------------------- movements

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    IngestOutcome handle(RecordMovement command, PositionRules rules) {
        Instant now = rules.clock().instant();
        IngestOutcome outcome = switch (command.type()) {
            case ADJUSTED -> adjust(command, rules, now);
            case COUNTED -> count(command, rules, now);
            default -> command.document() == null ? standalone(command, rules, now) : report(command, rules, now);
        };
        reviewAvailability(rules, now, command.eventId());
        return outcome;
    }

    /**
     * A batch of one position's movements: each decided in turn by the single-movement handler, so a batch
     * decides exactly what the same movements sent one by one would, and its events carry each movement's own
     * audit metadata.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    List<IngestOutcome> handle(RecordMovements command, PositionRules rules) {
        List<IngestOutcome> outcomes = new ArrayList<>(command.movements().size());
        for (RecordMovements.Item item : command.movements()) {
            outcomes.add(asItem(item.metaData(), () -> handle(item.movement(), rules)));
        }
        return outcomes;
    }

    private IngestOutcome asItem(Map<String, String> metaData, Supplier<IngestOutcome> decision) {
        MetaData previous = itemMetaData;
        itemMetaData = MetaData.from(metaData);
        try {
            return decision.get();
        } finally {
            itemMetaData = previous;
        }
    }

    /** Applies an event; within a batch item, with that item's audit metadata. */
    private void emit(Object event) {
        apply(event, itemMetaData);
    }

    private IngestOutcome standalone(RecordMovement command, PositionRules rules, Instant now) {
        ChangeSet changes = changesFor(command, command.quantity(), rules);
        emit(movementRecorded(command, now, changes, null));
        recordDeferrals(command, changes);
        reviewVariances(rules, now, command.eventId(), changes.included());
        return changes.changes.isEmpty() ? IngestOutcome.ACKNOWLEDGED : IngestOutcome.APPLIED;
    }

    private IngestOutcome report(RecordMovement command, PositionRules rules, Instant now) {
        String key = StepProgress.keyOf(command.document(), command.type());
        StepProgress existing = steps.get(key);
        StepProgress step = existing != null ? copyOf(existing) : new StepProgress(key, command.document(), command.type(),
                rules.movements().authorityOf(command.type()), rules.movements().expectedReporters(command.type()),
                command.occurredAt());
        step.reported.merge(command.system(), command.quantity(), Long::sum);
        long effectiveDelta = step.effectiveFromReports() - step.effective;
        step.effective += effectiveDelta;
        ChangeSet changes = changesFor(command, effectiveDelta, rules);
        Map<QuantityState, Long> explained = new EnumMap<>(QuantityState.class);
        explained.putAll(changes.included());
        Map<QuantityState, long[]> recounted = recount(command.system(), key, command.type(), command.occurredAt(),
                command.quantity(), effectiveDelta);
        if (!recounted.isEmpty()) {
            // a state whose last count took this step as in flight moves by what the step adds beyond the count
            Map<QuantityState, Long> applied = new EnumMap<>(QuantityState.class);
            applied.putAll(changes.changes());
            Map<QuantityState, Long> included = new EnumMap<>(QuantityState.class);
            included.putAll(changes.included());
            recounted.forEach((state, recount) -> {
                applied.remove(state);
                included.remove(state);
                explained.remove(state);
                if (recount[1] != 0) {
                    applied.put(state, recount[1]);
                }
                if (recount[2] != 0) {
                    explained.put(state, recount[2]);
                }
            });
            changes = new ChangeSet(applied, included, changes.deferred());
        }
        emit(movementRecorded(command, now, changes, step.toState()));
        recordDeferrals(command, changes);
        reviewStep(steps.get(key), rules, now, command.eventId());
        reviewOrphans(command, rules, now);
        reviewVariances(rules, now, command.eventId(), explained);
        return changes.changes.isEmpty() ? IngestOutcome.ACKNOWLEDGED : IngestOutcome.APPLIED;
    }

    private IngestOutcome adjust(RecordMovement command, PositionRules rules, Instant now) {
        QuantityState state = command.state() == null ? QuantityState.ON_HAND : command.state();
        if (state == QuantityState.AVAILABLE) {
            throw new IllegalArgumentException("available is derived and cannot be adjusted; adjust on_hand");
        }
        boolean authoritative = command.manual() || rules.ownership().owns(command.system(), state);
        if (!authoritative) {
            // what mirrors an owner's adjustment already applied does not move the view again
            long matched = mirrorOf(command.system(), state, command.delta());
            emit(movementRecorded(command, now, ChangeSet.NONE, null));
            if (command.delta() != matched) {
                emit(new ExpectedViewAdjusted(positionId, command.system(), state.code(),
                        command.delta() - matched, command.eventId(), now));
            }
            reviewVariances(rules, now, command.eventId(), Map.of());
            return IngestOutcome.ACKNOWLEDGED;
        }
        Map<QuantityState, Long> change = new EnumMap<>(QuantityState.class);
        change.put(state, command.delta());
        Instant truth = truthAt.get(state);
        if (truth != null && command.occurredAt().isBefore(truth)) {
            // the last count or owner observation of the state already includes it
            emit(movementRecorded(command, now, new ChangeSet(Map.of(), change), null));
            reviewVariances(rules, now, command.eventId(), change);
            return IngestOutcome.ACKNOWLEDGED;
        }
        emit(movementRecorded(command, now, new ChangeSet(change, Map.of()), null));
        absorbMirroredAdjustments(command, state, now);
        reviewVariances(rules, now, command.eventId(), Map.of());
        return IngestOutcome.APPLIED;
    }

    /** The owner's adjustment absorbs the same-direction adjustments other systems already mirrored. */
    private void absorbMirroredAdjustments(RecordMovement command, QuantityState state, Instant now) {
        absorbed(state, command.delta()).forEach((system, absorbed) -> emit(new ExpectedViewAdjusted(positionId, system,
                state.code(), -absorbed, command.eventId(), now)));
    }

    /** Per system, how much of its mirrored (view-moving) adjustments of {@code state} an owner's {@code delta} absorbs. */
    private Map<SystemId, Long> absorbed(QuantityState state, long delta) {
        Map<SystemId, Long> absorbed = new LinkedHashMap<>();
        long remaining = delta;
        for (var entry : viewOffsets.entrySet()) {
            long offset = entry.getValue().getOrDefault(state, 0L);
            if (remaining == 0 || offset == 0 || Long.signum(offset) != Long.signum(remaining)) {
                continue;
            }
            long amount = Long.signum(offset) * Math.min(Math.abs(offset), Math.abs(remaining));
            remaining -= amount;
            absorbed.put(entry.getKey(), amount);
        }
        return absorbed;
    }

    /** How much of a non-owner's {@code delta} mirrors owner adjustments of {@code state} it has not matched yet. */
    private long mirrorOf(SystemId system, QuantityState state, long delta) {
        long unmatched = ownerAdjusted.getOrDefault(state, 0L)
                - mirrored.getOrDefault(system, Map.of()).getOrDefault(state, 0L);
        return Long.signum(unmatched) == Long.signum(delta)
                ? Long.signum(delta) * Math.min(Math.abs(unmatched), Math.abs(delta)) : 0;
    }

    private IngestOutcome count(RecordMovement command, PositionRules rules, Instant now) {
        Instant last = lastObservedAt.get(command.system());
        if (last != null && command.occurredAt().isBefore(last)) {
            emit(movementRecorded(command, now, ChangeSet.NONE, null));
            return IngestOutcome.STALE;
        }
        emit(movementRecorded(command, now, ChangeSet.NONE, null));
        observe(command.system(), command.eventId(), command.occurredAt(), Map.of(QuantityState.ON_HAND, command.quantity()),
                command.actor(), rules, now, AdjustmentReason.CYCLE_COUNT, false);
        reviewVariances(rules, now, command.eventId(), Map.of());
        return IngestOutcome.APPLIED;
    }

    // ---------------------------------------------------------------- transfers

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ExpectTransferArrival command, PositionRules rules) {
        Instant now = rules.clock().instant();
        String key = StepProgress.keyOf(command.document(), MovementType.TRANSFER_RECEIVED);
        StepProgress existing = steps.get(key);
        long alreadyExpected = existing == null ? 0 : existing.arrivalExpected;
        long raise = command.quantity() - alreadyExpected;
        if (raise == 0) {
            return;
        }
        StepProgress step = existing != null ? copyOf(existing) : new StepProgress(key, command.document(),
                MovementType.TRANSFER_RECEIVED, rules.movements().authorityOf(MovementType.TRANSFER_RECEIVED),
                rules.movements().expectedReporters(MovementType.TRANSFER_RECEIVED), command.occurredAt());
        step.arrivalExpected = command.quantity();
        Map<String, Long> changes = new LinkedHashMap<>();
        long change = arrivalChange(key, command.quantity());
        boolean included = arrivalIncluded(command.occurredAt());
        if (change != 0 && !included) {
            changes.put(QuantityState.INCOMING.code(), change);
        }
        emit(new TransferArrivalExpected(positionId(command.positionId()), command.fromLocation(), command.system(),
                command.eventId(), command.document(), command.quantity(), command.occurredAt(), now, command.actor(),
                changes, step.toState()));
        reviewVariances(rules, now, command.eventId(),
                included && change != 0 ? Map.of(QuantityState.INCOMING, change) : Map.of());
        StepProgress applied = steps.get(key);
        if (!applied.complete() && applied.conditionId == null) {
            emit(new StepAwaitingReports(positionId, nextConditionId(key), applied.toState(), false,
                    rules.risk().transitWindow(), now, command.eventId()));
        } else {
            reviewStep(applied, rules, now, command.eventId());
        }
    }

    /**
     * What a transfer's expected arrival changes in incoming: incoming holds what is still to arrive, and
     * receipts recorded before this expectation already took (or, floored at 0, could not take) their part off it.
     */
    private long arrivalChange(String key, long quantity) {
        StepProgress existing = steps.get(key);
        long outstanding = Math.max(0, quantity - (existing == null ? 0 : existing.effective));
        long contributed = movements.stream().filter(movement -> key.equals(movement.stepKey()))
                .mapToLong(movement -> movement.changes().getOrDefault(QuantityState.INCOMING, 0L)).sum();
        long wanted = outstanding - contributed;
        return wanted > 0 ? wanted : Math.max(wanted, -quantity(QuantityState.INCOMING));
    }

    /** Whether the last owner observation of incoming (as of its time) already includes an arrival shipped at {@code occurredAt}. */
    private boolean arrivalIncluded(Instant occurredAt) {
        Instant truth = truthAt.get(QuantityState.INCOMING);
        return truth != null && occurredAt.isBefore(truth);
    }

    // ---------------------------------------------------------------- observations

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    IngestOutcome handle(RecordObservation command, PositionRules rules) {
        Instant now = rules.clock().instant();
        Map<QuantityState, Long> reported = new EnumMap<>(QuantityState.class);
        command.quantities().forEach((code, value) -> reported.put(QuantityState.ofCode(code), value));
        Instant last = lastObservedAt.get(command.system());
        if (last != null && command.observedAt().isBefore(last)) {
            emit(new ObservationRecorded(positionId(command.positionId()), command.system(), command.eventId(),
                    command.observedAt(), now, command.actor(), Map.copyOf(command.quantities()), List.of(), true));
            return IngestOutcome.STALE;
        }
        adopt(command.positionId());
        observe(command.system(), command.eventId(), command.observedAt(), reported, command.actor(), rules, now,
                AdjustmentReason.CORRECTION, true);
        // an owner's observation moves the reconciled value: another system's variance may be explained by it
        reviewVariances(rules, now, command.eventId(), Map.of());
        reviewAvailability(rules, now, command.eventId());
        return IngestOutcome.APPLIED;
    }

    /** A batch of one position's observations: each decided in turn by the single-observation handler. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    List<IngestOutcome> handle(RecordObservations command, PositionRules rules) {
        List<IngestOutcome> outcomes = new ArrayList<>(command.observations().size());
        for (RecordObservations.Item item : command.observations()) {
            outcomes.add(asItem(item.metaData(), () -> handle(item.observation(), rules)));
        }
        return outcomes;
    }

    private void observe(SystemId system, String eventId, Instant observedAt, Map<QuantityState, Long> reported,
                         String actor, PositionRules rules, Instant now, AdjustmentReason correctionReason,
                         boolean recordObservation) {
        PositionId id = positionId;
        boolean highRisk = rules.risk().isHighRisk(id.sku(), available(quantities));
        long tolerance = rules.risk().tolerance(highRisk);
        Map<QuantityState, Long> view = expectedView(system, observedAt);
        List<ObservedState> states = new ArrayList<>();
        for (var entry : reported.entrySet()) {
            QuantityState state = entry.getKey();
            long expected = state == QuantityState.AVAILABLE ? available(view) : view.getOrDefault(state, 0L);
            long reconciled = state == QuantityState.AVAILABLE ? available(quantities) : quantity(state);
            long unexplained = entry.getValue() - expected;
            long inFlight = reconciled - expected;
            ObservationVerdict verdict = Math.abs(unexplained) > tolerance ? ObservationVerdict.VARIANCE
                    : inFlight != 0 ? ObservationVerdict.TIMING : ObservationVerdict.IN_SYNC;
            states.add(new ObservedState(state.code(), entry.getValue(), expected, unexplained, inFlight,
                    rules.ownership().owns(system, state), verdict));
        }
        if (recordObservation) {
            Map<String, Long> codes = new LinkedHashMap<>();
            reported.forEach((state, value) -> codes.put(state.code(), value));
            emit(new ObservationRecorded(id, system, eventId, observedAt, now, actor, codes, states, false));
        } else {
            emit(new ObservationRecorded(id, system, eventId, observedAt, now, actor,
                    Map.of(QuantityState.ON_HAND.code(), reported.get(QuantityState.ON_HAND)), states, false));
        }
        for (ObservedState observed : states) {
            QuantityState state = QuantityState.ofCode(observed.state());
            if (observed.owner()) {
                emit(new PositionCorrected(id, system, eventId, observedAt, now, actor, correctionReason,
                        observed.unexplained() == 0 ? Map.of() : Map.of(state.code(), observed.unexplained()), observed));
            }
            Variance open = variances.get(varianceKey(system, state));
            if (open != null && open.ownerObservation) {
                // the owner's open variance (already updated by the ObservationRecorded above) clears only when
                // its accumulated unexplained part is back within tolerance: a repeated count explains nothing
                if (Math.abs(open.unexplained) <= tolerance) {
                    emit(new VarianceCleared(id, open.id, system, state.code(), open.detectedAt, now,
                            Duration.between(open.detectedAt, now).toMillis(), eventId));
                }
            } else if (observed.verdict() == ObservationVerdict.VARIANCE) {
                if (open != null) {
                    // still a variance: the open one and its window go on, at the latest numbers
                    continue;
                }
                String reason = observed.owner() ? COUNT_VARIANCE
                        : state == QuantityState.AVAILABLE && observed.unexplained() > 0 ? OVERSELL_RISK : SOURCE_MISMATCH;
                emit(new VarianceDetected(id, nextConditionId(system.value() + "/" + state.code()), system, state.code(),
                        observed.reported(), observed.expected(), observed.unexplained(), observed.inFlight(), reason,
                        observed.owner(), highRisk, rules.risk().window(highRisk), now, eventId));
            } else if (open != null) {
                emit(new VarianceCleared(id, open.id, system, state.code(), open.detectedAt, now,
                        Duration.between(open.detectedAt, now).toMillis(), eventId));
            }
        }
    }

    /**
     * What {@code system} should see at {@code observedAt}: the reconciled position without the
     * steps still in flight for it and without what happened after that moment.
     */
    private Map<QuantityState, Long> expectedView(SystemId system, Instant observedAt) {
        Map<QuantityState, Long> view = snapshotQuantities();
        for (AppliedMovement movement : movements) {
            if (movement.occurredAt().isAfter(observedAt)) {
                movement.changes().forEach((state, change) -> view.merge(state, -change, Long::sum));
            }
        }
        inFlightEffects(system, observedAt).values().forEach(effects ->
                effects.forEach((state, effect) -> view.merge(state, -effect, Long::sum)));
        viewOffsets.getOrDefault(system, Map.of()).forEach((state, offset) -> view.merge(state, offset, Long::sum));
        return view;
    }

    /**
     * Per step, the effect still in flight for {@code system} that an observation at {@code observedAt} leaves
     * out on top of the movements after that moment: what is both in flight and later is left out once.
     */
    private Map<String, Map<QuantityState, Long>> inFlightEffects(SystemId system, Instant observedAt) {
        Map<String, Map<QuantityState, Long>> laterSteps = new HashMap<>();
        for (AppliedMovement movement : movements) {
            if (movement.occurredAt().isAfter(observedAt) && movement.stepKey() != null) {
                Map<QuantityState, Long> later = laterSteps.computeIfAbsent(movement.stepKey(),
                        key -> new EnumMap<>(QuantityState.class));
                movement.changes().forEach((state, change) -> later.merge(state, change, Long::sum));
            }
        }
        Map<String, Map<QuantityState, Long>> inFlight = new HashMap<>();
        for (StepProgress step : steps.values()) {
            long behind = step.effective - step.reportedBy(system);
            if (behind <= 0 || !step.expectedReporters.contains(system)) {
                continue;
            }
            Map<QuantityState, Long> later = laterSteps.getOrDefault(step.key, Map.of());
            Map<QuantityState, Long> effects = new EnumMap<>(QuantityState.class);
            unitEffect(step.type).forEach((state, perUnit) -> {
                long effect = perUnit * behind;
                long alreadyLeftOut = later.getOrDefault(state, 0L);
                long rest = Long.signum(alreadyLeftOut) == Long.signum(effect)
                        ? Long.signum(effect) * Math.max(0, Math.abs(effect) - Math.abs(alreadyLeftOut)) : effect;
                if (rest != 0) {
                    effects.put(state, rest);
                }
            });
            inFlight.put(step.key, effects);
        }
        return inFlight;
    }

    /**
     * For each state whose last count (or owner observation) took this step as in flight for the counting
     * system: {new counted units, change of the state, change of that count's unexplained part}. The count
     * includes the counting system's later reports that occurred before it, and any effective increase that
     * occurred before it; the step adds {@code perUnit * (effective - counted)} beyond the count.
     */
    private Map<QuantityState, long[]> recount(SystemId system, String stepKey, MovementType type, Instant occurredAt,
                                               long increase, long effectiveDelta) {
        Map<QuantityState, long[]> result = new EnumMap<>(QuantityState.class);
        StepProgress step = steps.get(stepKey);
        long effective = (step == null ? 0 : step.effective) + effectiveDelta;
        countedSteps.forEach((state, counted) -> {
            CountedStep tracked = counted.get(stepKey);
            if (tracked == null) {
                return;
            }
            long countedUnits = tracked.countedUnits;
            if (occurredAt.isBefore(truthAt.get(state))) {
                countedUnits += system.equals(truthBy.get(state)) ? increase : Math.max(0, effectiveDelta);
            }
            long perUnit = unitEffect(type).getOrDefault(state, 0);
            long contribution = perUnit * Math.max(0, effective - countedUnits);
            long change = contribution - tracked.contribution;
            result.put(state, new long[] {countedUnits, change, change - perUnit * effectiveDelta});
        });
        return result;
    }

    private static Map<QuantityState, Integer> unitEffect(MovementType type) {
        return MovementRules.effectOf(type).perUnit();
    }

    /**
     * A return restocked or written off before the service knows it was received is an orphan until
     * the receipt arrives (out of order) or its window ends ({@code ORPHAN_MOVEMENT}).
     */
    private void reviewOrphans(RecordMovement command, PositionRules rules, Instant now) {
        MovementType prerequisite = PREREQUISITES.get(command.type());
        if (prerequisite != null && !steps.containsKey(StepProgress.keyOf(command.document(), prerequisite))) {
            String subject = orphanSubject(command.document().key());
            if (!variances.containsKey(subject)) {
                boolean highRisk = rules.risk().isHighRisk(positionId.sku(), available(quantities));
                emit(new VarianceDetected(positionId, nextConditionId(subject), command.system(),
                        QuantityState.QUALITY_CONTROL.code(), command.quantity(), 0, command.quantity(), 0,
                        ORPHAN_MOVEMENT, false, highRisk, rules.risk().window(highRisk), now, command.eventId()));
            }
        }
        if (PREREQUISITES.containsValue(command.type())) {
            Variance orphan = variances.get(orphanSubject(command.document().key()));
            if (orphan != null) {
                emit(new VarianceCleared(positionId, orphan.id, orphan.system, orphan.state.code(), orphan.detectedAt, now,
                        Duration.between(orphan.detectedAt, now).toMillis(), command.eventId()));
            }
        }
    }

    private static String orphanSubject(String documentKey) {
        return "orphan/" + documentKey;
    }

    /**
     * After a movement, a variance that the new state explains clears: a completed step, or a late
     * movement that occurred before the owner's count and so is already part of it.
     */
    private void reviewVariances(PositionRules rules, Instant now, String causeEventId,
                                 Map<QuantityState, Long> includedInCount) {
        boolean highRisk = rules.risk().isHighRisk(positionId.sku(), available(quantities));
        long tolerance = rules.risk().tolerance(highRisk);
        for (Variance variance : new ArrayList<>(variances.values())) {
            long unexplained;
            if (variance.orphan) {
                continue;
            }
            if (variance.ownerObservation) {
                if (includedInCount.getOrDefault(variance.state, 0L) == 0) {
                    continue;
                }
                // the MovementRecorded just applied has already taken what it explains off the variance
                unexplained = variance.unexplained;
            } else {
                Map<QuantityState, Long> view = expectedView(variance.system, variance.observedAt);
                long expected = variance.state == QuantityState.AVAILABLE ? available(view) : view.getOrDefault(variance.state, 0L);
                unexplained = variance.reported - expected;
            }
            if (Math.abs(unexplained) <= tolerance) {
                emit(new VarianceCleared(positionId, variance.id, variance.system, variance.state.code(),
                        variance.detectedAt, now, Duration.between(variance.detectedAt, now).toMillis(), causeEventId));
            }
        }
    }

    // ---------------------------------------------------------------- windows

    @CommandHandler
    void handle(CloseStepWindow command, PositionRules rules) {
        StepProgress step = steps.values().stream()
                .filter(candidate -> command.stepId().equals(candidate.conditionId))
                .findFirst().orElse(null);
        if (step == null || step.overdue || step.complete()) {
            return;
        }
        List<LaggingReporter> lagging = new ArrayList<>();
        long target = step.target();
        Set<SystemId> systems = new LinkedHashSet<>(step.expectedReporters);
        systems.addAll(step.reported.keySet());
        for (SystemId system : systems) {
            long reported = step.reportedBy(system);
            boolean expected = step.expectedReporters.contains(system);
            if (expected && !step.reported.containsKey(system)) {
                lagging.add(new LaggingReporter(system, EXCEPTION_REASON_MISSING, 0, target));
            } else if ((expected && reported != target) || reported > target) {
                lagging.add(new LaggingReporter(system, EXCEPTION_REASON_MISMATCH, reported, target));
            }
        }
        boolean highRisk = rules.risk().isHighRisk(positionId.sku(), available(quantities));
        emit(new StepOverdue(positionId, step.conditionId, step.toState(), lagging, highRisk, step.conditionSince,
                rules.clock().instant()));
    }

    @CommandHandler
    void handle(CloseVarianceWindow command, PositionRules rules) {
        Variance variance = variances.values().stream()
                .filter(candidate -> candidate.id.equals(command.varianceId()))
                .findFirst().orElse(null);
        if (variance == null || variance.overdue) {
            return;
        }
        boolean risky = rules.risk().isHighRisk(positionId.sku(), available(quantities));
        if (variance.orphan) {
            emit(new VarianceOverdue(positionId, variance.id, variance.system, variance.state.code(), variance.reported,
                    0, variance.reported, 0, ORPHAN_MOVEMENT, risky, variance.detectedAt, rules.clock().instant(),
                    variance.observationEventId));
            return;
        }
        Map<QuantityState, Long> view = expectedView(variance.system, variance.observedAt);
        long expected = variance.state == QuantityState.AVAILABLE ? available(view) : view.getOrDefault(variance.state, 0L);
        boolean highRisk = rules.risk().isHighRisk(positionId.sku(), available(quantities));
        String reason = variance.ownerObservation ? COUNT_VARIANCE
                : variance.state == QuantityState.AVAILABLE && variance.reported > expected ? OVERSELL_RISK : SOURCE_MISMATCH;
        long unexplained = variance.ownerObservation ? variance.unexplained : variance.reported - expected;
        emit(new VarianceOverdue(positionId, variance.id, variance.system, variance.state.code(), variance.reported,
                variance.reported - unexplained, unexplained, quantity(variance.state) - expected, reason, highRisk,
                variance.detectedAt, rules.clock().instant(), variance.observationEventId));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordDuplicateConflict command, PositionRules rules) {
        emit(new DuplicateConflictRecorded(positionId(command.positionId()), command.system(), command.eventId(),
                command.originalFingerprint(), command.attemptFingerprint(), command.attempt(), command.actor(),
                rules.clock().instant()));
    }

    // ---------------------------------------------------------------- decisions shared by the handlers

    /**
     * What a movement changes, what it would have changed in states a later count already includes,
     * and the new held-back reduction per floored state of its document (absent: unchanged).
     */
    private record ChangeSet(Map<QuantityState, Long> changes, Map<QuantityState, Long> included,
                             Map<QuantityState, Long> deferred) {
        static final ChangeSet NONE = new ChangeSet(Map.of(), Map.of(), Map.of());

        ChangeSet(Map<QuantityState, Long> changes, Map<QuantityState, Long> included) {
            this(changes, included, Map.of());
        }
    }

    private static final Set<QuantityState> FLOORED_STATES = Set.of(QuantityState.COMMITTED, QuantityState.PICKED,
            QuantityState.INCOMING);

    private static String deferralKey(String documentKey, QuantityState state) {
        return documentKey + "|" + state.code();
    }

    private void recordDeferrals(RecordMovement command, ChangeSet changes) {
        changes.deferred().forEach((state, pending) -> emit(new DeferredReductionChanged(positionId,
                command.document().key(), state.code(), pending, command.eventId())));
    }

    /** The changes of {@code units} of a movement, floored where the table says so, without what a later count already includes. */
    private ChangeSet changesFor(RecordMovement command, long units, PositionRules rules) {
        Map<QuantityState, Long> changes = new EnumMap<>(QuantityState.class);
        Map<QuantityState, Long> included = new EnumMap<>(QuantityState.class);
        Map<QuantityState, Long> deferred = new EnumMap<>(QuantityState.class);
        if (units == 0) {
            return ChangeSet.NONE;
        }
        MovementRules.Effect effect = MovementRules.effectOf(command.type());
        effect.perUnit().forEach((state, perUnit) -> {
            long change = perUnit * units;
            Instant truth = truthAt.get(state);
            if (truth != null && command.occurredAt().isBefore(truth)) {
                included.put(state, change);
                return;
            }
            String deferralKey = command.document() == null ? null : deferralKey(command.document().key(), state);
            long pending = deferralKey == null ? 0 : deferredReductions.getOrDefault(deferralKey, 0L);
            if (change < 0 && effect.floorAtZero().contains(state)) {
                long requested = change;
                change = Math.max(change, -Math.max(0, quantity(state)));
                if (deferralKey != null && change != requested) {
                    deferred.put(state, pending + (change - requested));
                }
            } else if (change > 0 && units > 0 && pending > 0 && FLOORED_STATES.contains(state)) {
                // the earlier movement of a document whose later reduction was held back by the floor
                long absorbed = Math.min(change, pending);
                change -= absorbed;
                deferred.put(state, pending - absorbed);
            } else if (change > 0 && units < 0 && effect.floorAtZero().contains(state) && command.document() != null) {
                // the authority lowered the step: give back only what the step took beyond its new effect
                String key = StepProgress.keyOf(command.document(), command.type());
                long taken = movements.stream().filter(movement -> key.equals(movement.stepKey()) && !movement.arrival())
                        .mapToLong(movement -> movement.changes().getOrDefault(state, 0L)).sum();
                long target = perUnit * (steps.get(key).effective + units);
                long requested = change;
                change = Math.min(change, Math.max(0, target - taken));
                if (pending > 0 && requested > change) {
                    deferred.put(state, Math.max(0, pending - (requested - change)));
                }
            }
            if (change != 0) {
                changes.put(state, change);
            }
        });
        return new ChangeSet(changes, included, deferred);
    }

    private MovementRecorded movementRecorded(RecordMovement command, Instant now, ChangeSet changes, StepState step) {
        Map<String, Long> codes = new LinkedHashMap<>();
        changes.changes().forEach((state, change) -> codes.put(state.code(), change));
        Set<String> included = new LinkedHashSet<>();
        changes.included().keySet().forEach(state -> included.add(state.code()));
        IngestOutcome outcome = codes.isEmpty() ? IngestOutcome.ACKNOWLEDGED : IngestOutcome.APPLIED;
        return new MovementRecorded(positionId(command.positionId()), command.system(), command.eventId(), command.type(),
                command.occurredAt(), now, command.quantity(), command.delta(), command.state(), command.document(),
                command.toLocation(), command.reason(), command.sourceReason(), command.note(), command.actor(),
                command.manual(), command.exceptionId(), outcome, codes, included, step);
    }

    /** Opens or closes the step's episode of disagreement after a report. */
    private void reviewStep(StepProgress step, PositionRules rules, Instant now, String causeEventId) {
        boolean complete = step.complete();
        if (!complete && step.conditionId == null) {
            boolean highRisk = rules.risk().isHighRisk(positionId.sku(), available(quantities));
            Duration window = step.arrivalExpected > 0 ? rules.risk().transitWindow() : rules.risk().window(highRisk);
            emit(new StepAwaitingReports(positionId, nextConditionId(step.key), step.toState(), highRisk, window, now,
                    causeEventId));
        } else if (complete && step.conditionId != null) {
            emit(new StepCompleted(positionId, step.conditionId, step.toState(), step.conditionSince, now,
                    Duration.between(step.conditionSince, now).toMillis(), causeEventId));
        }
    }

    private void reviewAvailability(PositionRules rules, Instant now, String causeEventId) {
        long available = available(quantities);
        if (available < 0 && !negativeAvailable) {
            boolean highRisk = rules.risk().isHighRisk(positionId.sku(), available);
            emit(new NegativeAvailableDetected(positionId, available, highRisk, now, causeEventId));
        } else if (available >= 0 && negativeAvailable) {
            emit(new NegativeAvailableCleared(positionId, available, now, causeEventId));
        }
    }

    private String nextConditionId(String subject) {
        return positionId.asString() + "#" + subject + "#" + (episodes + 1);
    }

    private PositionId positionId(PositionId fromCommand) {
        return positionId != null ? positionId : fromCommand;
    }

    private StepProgress copyOf(StepProgress step) {
        StepProgress copy = new StepProgress(step.key, step.document, step.type, step.authority, step.expectedReporters,
                step.firstReportedAt);
        copy.reported.putAll(step.reported);
        copy.effective = step.effective;
        copy.arrivalExpected = step.arrivalExpected;
        return copy;
    }

    private Map<QuantityState, Long> snapshotQuantities() {
        Map<QuantityState, Long> copy = new EnumMap<>(QuantityState.class);
        copy.putAll(quantities);
        return copy;
    }

    private long quantity(QuantityState state) {
        return state == QuantityState.AVAILABLE ? available(quantities) : quantities.getOrDefault(state, 0L);
    }

    static long available(Map<QuantityState, Long> quantities) {
        long held = 0;
        for (QuantityState state : QuantityState.HELD_FROM_ON_HAND) {
            held += quantities.getOrDefault(state, 0L);
        }
        return quantities.getOrDefault(QuantityState.ON_HAND, 0L) - held;
    }

    private static String varianceKey(SystemId system, QuantityState state) {
        return system.value() + "/" + state.code();
    }

    /** The subject of a condition id {@code POSITION#subject#episode}: what the variance is about. */
    private static String subjectOf(String conditionId) {
        return conditionId.substring(conditionId.indexOf('#') + 1, conditionId.lastIndexOf('#'));
    }

    // ---------------------------------------------------------------- event sourcing: assignment only

    private void adopt(PositionId positionId) {
        if (this.positionId == null) {
            this.positionId = positionId;
            this.id = positionId.asString();
        }
    }

    /**
     * A movement's changes as the position holds them for the rest of its life: an immutable map sized to its one
     * to three entries (an {@code EnumMap} has a slot for every state; the histories are most of a position's memory).
     */
    private static Map<QuantityState, Long> heldChanges(Map<String, Long> changes) {
        Map<QuantityState, Long> held = new EnumMap<>(QuantityState.class);
        changes.forEach((code, change) -> held.put(QuantityState.ofCode(code), change));
        return Map.copyOf(held);
    }

    private void applyChanges(Map<String, Long> changes) {
        changes.forEach((code, change) -> quantities.merge(QuantityState.ofCode(code), change, Long::sum));
    }

    @EventSourcingHandler
    void on(MovementRecorded event) {
        adopt(event.positionId());
        applyChanges(event.changes());
        movements.add(new AppliedMovement(event.occurredAt(), event.step() == null ? null : event.step().stepId(),
                heldChanges(event.changes()), false));
        if (event.type() == MovementType.ADJUSTED && event.alreadyIncluded().isEmpty()) {
            QuantityState state = event.state() == null ? QuantityState.ON_HAND : event.state();
            if (event.changes().isEmpty()) {
                long matched = mirrorOf(event.system(), state, event.delta());
                mirrored.computeIfAbsent(event.system(), system -> new EnumMap<>(QuantityState.class))
                        .merge(state, matched, Long::sum);
            } else {
                absorbed(state, event.delta()).forEach((system, amount) -> mirrored
                        .computeIfAbsent(system, key -> new EnumMap<>(QuantityState.class)).merge(state, amount, Long::sum));
                ownerAdjusted.merge(state, event.delta(), Long::sum);
            }
        }
        if (event.step() != null && !countedSteps.isEmpty()) {
            StepProgress before = steps.get(event.step().stepId());
            long increase = event.step().reported().getOrDefault(event.system(), 0L)
                    - (before == null ? 0 : before.reportedBy(event.system()));
            long effectiveDelta = event.step().effective() - (before == null ? 0 : before.effective);
            recount(event.system(), event.step().stepId(), event.type(), event.occurredAt(), increase, effectiveDelta)
                    .forEach((state, recount) -> {
                        CountedStep tracked = countedSteps.get(state).get(event.step().stepId());
                        tracked.countedUnits = recount[0];
                        tracked.contribution += recount[1];
                        variances.values().stream().filter(variance -> variance.ownerObservation && variance.state == state)
                                .forEach(variance -> variance.unexplained += recount[2]);
                    });
        }
        if (!event.alreadyIncluded().isEmpty()) {
            // what an earlier count or owner observation already included explains that much of its variance
            StepProgress before = event.step() == null ? null : steps.get(event.step().stepId());
            long units = event.step() == null ? event.quantity()
                    : event.step().effective() - (before == null ? 0 : before.effective);
            for (String code : event.alreadyIncluded()) {
                QuantityState state = QuantityState.ofCode(code);
                long included = event.type() == MovementType.ADJUSTED ? event.delta()
                        : unitEffect(event.type()).getOrDefault(state, 0) * units;
                variances.values().stream().filter(variance -> variance.ownerObservation && variance.state == state)
                        .forEach(variance -> variance.unexplained -= included);
            }
        }
        if (event.step() != null) {
            StepProgress known = steps.get(event.step().stepId());
            StepProgress updated = StepProgress.from(event.step());
            if (known != null) {
                updated.arrivalExpected = known.arrivalExpected;
                updated.conditionId = known.conditionId;
                updated.conditionSince = known.conditionSince;
                updated.overdue = known.overdue;
            }
            steps.put(updated.key, updated);
        }
    }

    @EventSourcingHandler
    void on(TransferArrivalExpected event) {
        adopt(event.positionId());
        if (arrivalIncluded(event.occurredAt())) {
            long included = arrivalChange(event.step().stepId(), event.quantity());
            variances.values().stream()
                    .filter(variance -> variance.ownerObservation && variance.state == QuantityState.INCOMING)
                    .forEach(variance -> variance.unexplained -= included);
        }
        applyChanges(event.changes());
        StepProgress known = steps.get(event.step().stepId());
        StepProgress updated = StepProgress.from(event.step());
        updated.arrivalExpected = event.quantity();
        if (known != null) {
            updated.conditionId = known.conditionId;
            updated.conditionSince = known.conditionSince;
            updated.overdue = known.overdue;
        }
        steps.put(updated.key, updated);
        movements.add(new AppliedMovement(event.occurredAt(), updated.key, heldChanges(event.changes()), true));
    }

    @EventSourcingHandler
    void on(ObservationRecorded event) {
        adopt(event.positionId());
        if (!event.stale()) {
            lastObservedAt.merge(event.system(), event.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
            for (ObservedState observed : event.states()) {
                Variance open = variances.get(varianceKey(event.system(), QuantityState.ofCode(observed.state())));
                if (open == null) {
                    continue;
                }
                open.observedAt = event.observedAt();
                open.reported = observed.reported();
                if (open.ownerObservation) {
                    open.unexplained += observed.unexplained();
                } else {
                    open.unexplained = observed.unexplained();
                    open.observationEventId = event.eventId();
                }
            }
        }
    }

    @EventSourcingHandler
    void on(PositionCorrected event) {
        applyChanges(event.changes());
        QuantityState state = QuantityState.ofCode(event.evidence().state());
        Instant previous = truthAt.get(state);
        truthAt.merge(state, event.occurredAt(), (a, b) -> a.isAfter(b) ? a : b);
        if (previous == null || !event.occurredAt().isBefore(previous)) {
            Map<String, CountedStep> counted = new HashMap<>();
            inFlightEffects(event.system(), event.occurredAt()).forEach((stepKey, effects) -> {
                long effect = effects.getOrDefault(state, 0L);
                if (effect != 0) {
                    StepProgress step = steps.get(stepKey);
                    long behind = effect / unitEffect(step.type).get(state);
                    counted.put(stepKey, new CountedStep(step.effective - behind, effect));
                }
            });
            truthBy.put(state, event.system());
            countedSteps.put(state, counted);
        }
    }

    @EventSourcingHandler
    void on(DeferredReductionChanged event) {
        String key = deferralKey(event.documentKey(), QuantityState.ofCode(event.state()));
        if (event.pending() == 0) {
            deferredReductions.remove(key);
        } else {
            deferredReductions.put(key, event.pending());
        }
    }

    @EventSourcingHandler
    void on(ExpectedViewAdjusted event) {
        viewOffsets.computeIfAbsent(event.system(), system -> new EnumMap<>(QuantityState.class))
                .merge(QuantityState.ofCode(event.state()), event.delta(), Long::sum);
    }

    @EventSourcingHandler
    void on(StepAwaitingReports event) {
        episodes++;
        StepProgress step = steps.get(event.step().stepId());
        step.conditionId = event.stepId();
        step.conditionSince = event.detectedAt();
        step.overdue = false;
    }

    @EventSourcingHandler
    void on(StepCompleted event) {
        StepProgress step = steps.get(event.step().stepId());
        step.conditionId = null;
        step.conditionSince = null;
        step.overdue = false;
    }

    @EventSourcingHandler
    void on(StepOverdue event) {
        steps.get(event.step().stepId()).overdue = true;
    }

    @EventSourcingHandler
    void on(VarianceDetected event) {
        episodes++;
        Variance variance = new Variance();
        variance.id = event.varianceId();
        variance.system = event.system();
        variance.state = QuantityState.ofCode(event.state());
        variance.reported = event.reported();
        variance.unexplained = event.unexplained();
        variance.detectedAt = event.detectedAt();
        variance.ownerObservation = event.ownerObservation();
        variance.observationEventId = event.observationEventId();
        variance.observedAt = lastObservedAt.get(event.system());
        variance.orphan = ORPHAN_MOVEMENT.equals(event.reasonCode());
        variances.put(subjectOf(event.varianceId()), variance);
    }

    @EventSourcingHandler
    void on(VarianceCleared event) {
        variances.remove(subjectOf(event.varianceId()));
    }

    @EventSourcingHandler
    void on(VarianceOverdue event) {
        Variance variance = variances.get(subjectOf(event.varianceId()));
        if (variance != null) {
            variance.overdue = true;
        }
    }

    @EventSourcingHandler
    void on(NegativeAvailableDetected event) {
        negativeAvailable = true;
    }

    @EventSourcingHandler
    void on(NegativeAvailableCleared event) {
        negativeAvailable = false;
    }

    @EventSourcingHandler
    void on(DuplicateConflictRecorded event) {
        adopt(event.positionId());
    }
}
