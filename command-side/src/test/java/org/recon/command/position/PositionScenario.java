package org.recon.command.position;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.api.position.PositionCorrected;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.RecordObservation;
import org.recon.api.position.StepState;
import org.recon.api.position.TransferArrivalExpected;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Drives one position through a sequence of commands with Axon's {@link AggregateTestFixture}:
 * each command is a given (all earlier events) / when (the command) / then (captured events).
 */
final class PositionScenario {

    static final PositionId POSITION = PositionId.of("TSHIRT-RED-M", "WH-EAST");
    static final SystemId STOREFRONT = SystemId.of("STOREFRONT");
    static final SystemId ERP = SystemId.of("ERP");
    static final SystemId WAREHOUSE = SystemId.of("WAREHOUSE");

    /** A clock the scenario moves forward; the service's own time, not the sources'. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-02T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final PositionRules rules;
    private final AggregateTestFixture<InventoryPosition> fixture = new AggregateTestFixture<>(InventoryPosition.class);
    final List<Object> history = new ArrayList<>();
    private final PositionId position;
    private int sequence;

    PositionScenario() {
        this(POSITION, sku -> false);
    }

    PositionScenario(PositionId position, Predicate<org.recon.api.common.Sku> flagged) {
        this(position, RiskPolicy.defaults(flagged));
    }

    PositionScenario(PositionId position, RiskPolicy risk) {
        this.position = position;
        this.rules = new PositionRules(MovementRules.defaults(), risk, clock);
        fixture.registerInjectableResource(rules);
    }

    /** The events and the result of one command. */
    record Outcome(List<Object> events, Object result) {
        <T> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T> T only(Class<T> type) {
            List<T> found = events(type);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + " but got " + events);
            }
            return found.get(0);
        }
    }

    Outcome send(Object command) {
        var validator = history.isEmpty() ? fixture.givenNoPriorActivity() : fixture.given(history);
        Recorded recorded = Recorded.of(validator.when(command));
        history.addAll(recorded.payloads());
        return new Outcome(recorded.payloads(), recorded.result());
    }

    IngestOutcome move(SystemId system, MovementType type, String occurredAt, long quantity, DocumentRef document) {
        return (IngestOutcome) send(movement(system, type, occurredAt, quantity, document)).result();
    }

    RecordMovement movement(SystemId system, MovementType type, String occurredAt, long quantity, DocumentRef document) {
        return new RecordMovement(position, system, system.value().toLowerCase() + "-" + (++sequence), type,
                Instant.parse(occurredAt), quantity, 0, null, document, null, null, null, null,
                system.value().toLowerCase() + "-dev", false, null);
    }

    RecordMovement adjustment(SystemId system, QuantityState state, long delta, AdjustmentReason reason, boolean manual) {
        return new RecordMovement(position, system, "adj-" + (++sequence), MovementType.ADJUSTED, clock.instant(), 0,
                delta, state, null, null, reason, null, null, "someone", manual, null);
    }

    Outcome observe(SystemId system, String observedAt, Map<String, Long> quantities) {
        return send(new RecordObservation(position, system, "obs-" + (++sequence), Instant.parse(observedAt),
                quantities, system.value().toLowerCase() + "-dev"));
    }

    static DocumentRef order(String id) {
        return new DocumentRef("ORDER", id, "1");
    }

    /** The reconciled quantities: every change of the history added up, as the query side will. */
    Map<QuantityState, Long> quantities() {
        Map<QuantityState, Long> totals = new EnumMap<>(QuantityState.class);
        for (Object event : history) {
            Map<String, Long> changes = Map.of();
            if (event instanceof MovementRecorded movement) {
                changes = movement.changes();
            } else if (event instanceof PositionCorrected correction) {
                changes = correction.changes();
            } else if (event instanceof TransferArrivalExpected arrival) {
                changes = arrival.changes();
            }
            changes.forEach((code, change) -> totals.merge(QuantityState.ofCode(code), change, Long::sum));
        }
        return totals;
    }

    long quantity(QuantityState state) {
        return state == QuantityState.AVAILABLE ? InventoryPosition.available(quantities()) : quantities().getOrDefault(state, 0L);
    }

    StepState lastStep(String stepKey) {
        StepState last = null;
        for (Object event : history) {
            if (event instanceof MovementRecorded movement && movement.step() != null && movement.step().stepId().equals(stepKey)) {
                last = movement.step();
            }
            if (event instanceof TransferArrivalExpected arrival && arrival.step().stepId().equals(stepKey)) {
                last = arrival.step();
            }
        }
        return last;
    }
}
