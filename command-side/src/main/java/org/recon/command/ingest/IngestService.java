package org.recon.command.ingest;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.recon.api.common.LocationCode;
import org.recon.api.common.PositionId;
import org.recon.api.common.Sku;
import org.recon.api.common.SystemId;
import org.recon.api.identity.ParkMessage;
import org.recon.api.identity.RegisterLocation;
import org.recon.api.identity.RegisterSku;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.RecordDuplicateConflict;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.RecordObservation;
import org.recon.command.identity.IdentityDirectory;
import org.recon.command.identity.IdentityDirectory.Kind;
import org.recon.command.position.PositionRules;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Takes a validated movement or observation to its position: idempotency by {@code (system,
 * eventId)}, identity mapping (or the inbox), then the aggregate's decision, all in one
 * transaction so nothing acknowledged is lost and nothing is applied twice.
 */
@Service
public class IngestService {

    static final String MOVEMENT = "MOVEMENT";
    static final String OBSERVATION = "OBSERVATION";
    static final String UNMAPPED_IDENTITY = "UNMAPPED_IDENTITY";

    /** What happened to one delivery. */
    public sealed interface Result {
        record Accepted(String eventId, IngestOutcome outcome, String sku, String location, String code, String detail)
                implements Result {
        }

        record Conflict(String eventId, String detail) implements Result {
        }
    }

    private final CommandGateway commands;
    private final IdentityDirectory identity;
    private final ReceiptStore receipts;
    private final TransactionTemplate transactions;
    private final RetryTemplate retries;
    private final JsonMapper json;
    private final SystemId catalogOwner;

    IngestService(CommandGateway commands, IdentityDirectory identity, ReceiptStore receipts,
                  TransactionTemplate transactions, JsonMapper json, PositionRules rules) {
        this.commands = commands;
        this.identity = identity;
        this.receipts = receipts;
        this.transactions = transactions;
        this.json = json;
        this.catalogOwner = rules.ownership().catalogOwner();
        this.retries = new RetryTemplate(RetryPolicy.builder()
                .predicate(IngestService::isConflictOnAppend)
                .maxRetries(8)
                .delay(Duration.ofMillis(2))
                .multiplier(2)
                .maxDelay(Duration.ofMillis(200))
                .jitter(Duration.ofMillis(2))
                .build());
    }

    public Result ingestMovement(ValidMovement movement, String actor) {
        String fingerprint = Fingerprint.of(json.writeValueAsString(movement));
        Set<String> madeCanonical = ConcurrentHashMap.newKeySet();
        Result result = retrying(() -> transactions.execute(tx -> {
            madeCanonical.clear();
            if (!receipts.claim(movement.system(), movement.eventId(), MOVEMENT, fingerprint)) {
                return alreadyDelivered(movement.system(), movement.eventId(), fingerprint);
            }
            return applyMovement(movement, actor, null, madeCanonical);
        }));
        replayWhatBecameCanonical(madeCanonical, actor);
        return recordConflict(result, movement.system(), movement.eventId(), fingerprint, movement, actor);
    }

    /** The catalog owner's codes become canonical on first use: what waited for them can be applied now. */
    private void replayWhatBecameCanonical(Set<String> madeCanonical, String actor) {
        for (String entry : madeCanonical) {
            int colon = entry.indexOf(':');
            replayWaitingOn(Kind.valueOf(entry.substring(0, colon)), null, entry.substring(colon + 1), actor);
        }
    }

    /** An operator's adjustment: canonical codes, applied whoever owns the state. */
    public Result ingestManual(ValidMovement adjustment, String actor) {
        ValidMovement content = new ValidMovement(adjustment.system(), adjustment.eventId(), adjustment.type(), null,
                adjustment.sku(), adjustment.location(), 0, adjustment.delta(), adjustment.state(), null,
                adjustment.reason(), adjustment.sourceReason(), adjustment.note(), null);
        String fingerprint = Fingerprint.of(json.writeValueAsString(content));
        Result result = retrying(() -> transactions.execute(tx -> {
            if (!receipts.claim(adjustment.system(), adjustment.eventId(), MOVEMENT, fingerprint)) {
                return alreadyDelivered(adjustment.system(), adjustment.eventId(), fingerprint);
            }
            PositionId position = PositionId.of(adjustment.sku(), adjustment.location());
            RecordMovement command = new RecordMovement(position, SystemId.of(adjustment.system()), adjustment.eventId(),
                    adjustment.type(), adjustment.occurredAt(), 0, adjustment.delta(), adjustment.state(), null, null,
                    adjustment.reason(), adjustment.sourceReason(), adjustment.note(), actor, true, null);
            IngestOutcome outcome = dispatch(command, adjustment.system(), adjustment.eventId(), actor,
                    adjustment.reason().code());
            settle(adjustment.system(), adjustment.eventId(), position, outcome, null, actor);
            return new Result.Accepted(adjustment.eventId(), outcome, position.sku().value(), position.location().value(),
                    null, null);
        }));
        return recordConflict(result, adjustment.system(), adjustment.eventId(), fingerprint, content, actor);
    }

    /**
     * Replays the parked messages that a new alias or canonical code resolves, each once, with its
     * original eventId and times.
     *
     * @param system the alias's system, or null for a canonical code (it resolves every system's messages)
     */
    public List<Result> replayWaitingOn(Kind kind, String system, String code, String actor) {
        List<Result> results = new ArrayList<>();
        for (IdentityDirectory.ParkedEntry entry : identity.parkedMentioning(kind, system, code)) {
            results.add(replay(entry, actor));
        }
        return results;
    }

    public Result ingestObservation(ValidObservation observation, String actor) {
        String fingerprint = Fingerprint.of(json.writeValueAsString(observation));
        Set<String> madeCanonical = ConcurrentHashMap.newKeySet();
        Result result = retrying(() -> transactions.execute(tx -> {
            madeCanonical.clear();
            if (!receipts.claim(observation.system(), observation.eventId(), OBSERVATION, fingerprint)) {
                return alreadyDelivered(observation.system(), observation.eventId(), fingerprint);
            }
            return applyObservation(observation, actor, null, madeCanonical);
        }));
        replayWhatBecameCanonical(madeCanonical, actor);
        return recordConflict(result, observation.system(), observation.eventId(), fingerprint, observation, actor);
    }

    /** Replays a parked message with its original eventId and times; it is applied at most once. */
    public Result replay(IdentityDirectory.ParkedEntry entry, String actor) {
        return retrying(() -> transactions.execute(tx -> {
            if (MOVEMENT.equals(entry.kind())) {
                ValidMovement movement = json.readValue(entry.payload(), ValidMovement.class);
                return applyMovement(movement, actor, entry.inboxId(), ConcurrentHashMap.newKeySet());
            }
            ValidObservation observation = json.readValue(entry.payload(), ValidObservation.class);
            return applyObservation(observation, actor, entry.inboxId(), ConcurrentHashMap.newKeySet());
        }));
    }

    private Result alreadyDelivered(String system, String eventId, String fingerprint) {
        ReceiptStore.Receipt receipt = receipts.find(system, eventId).orElseThrow();
        if (!receipt.fingerprint().equals(fingerprint)) {
            return new Result.Conflict(eventId, "eventId " + eventId + " was already delivered by " + system
                    + " with different content; the first delivery stands and this attempt is recorded");
        }
        PositionId position = receipt.positionId() == null ? null : PositionId.parse(receipt.positionId());
        return new Result.Accepted(eventId, IngestOutcome.DUPLICATE, position == null ? null : position.sku().value(),
                position == null ? null : position.location().value(), null, null);
    }

    private Result applyMovement(ValidMovement movement, String actor, String replayOf, Set<String> madeCanonical) {
        SystemId system = SystemId.of(movement.system());
        List<String> unmapped = new ArrayList<>();
        Optional<String> sku = resolve(Kind.SKU, movement.system(), movement.sku(), unmapped, "sku", madeCanonical);
        Optional<String> location = resolve(Kind.LOCATION, movement.system(), movement.location(), unmapped, "location", madeCanonical);
        Optional<String> toLocation = movement.toLocation() == null ? Optional.empty()
                : resolve(Kind.LOCATION, movement.system(), movement.toLocation(), unmapped, "toLocation", madeCanonical);
        if (!unmapped.isEmpty()) {
            return park(MOVEMENT, movement.system(), movement.eventId(), movement.sku(), movement.location(), movement,
                    unmapped, actor, replayOf);
        }
        PositionId position = new PositionId(Sku.of(sku.get()), LocationCode.of(location.get()));
        RecordMovement command = new RecordMovement(position, system, movement.eventId(), movement.type(),
                movement.occurredAt(), movement.quantity(), movement.delta(), movement.state(), movement.document(),
                toLocation.map(LocationCode::of).orElse(null), movement.reason(), movement.sourceReason(), movement.note(),
                actor, false, null);
        IngestOutcome outcome = dispatch(command, movement.system(), movement.eventId(), actor,
                movement.reason() == null ? null : movement.reason().code());
        settle(movement.system(), movement.eventId(), position, outcome, replayOf, actor);
        return new Result.Accepted(movement.eventId(), outcome, position.sku().value(), position.location().value(), null, null);
    }

    private Result applyObservation(ValidObservation observation, String actor, String replayOf,
                                    Set<String> madeCanonical) {
        List<String> unmapped = new ArrayList<>();
        Optional<String> sku = resolve(Kind.SKU, observation.system(), observation.sku(), unmapped, "sku", madeCanonical);
        Optional<String> location = resolve(Kind.LOCATION, observation.system(), observation.location(), unmapped, "location", madeCanonical);
        if (!unmapped.isEmpty()) {
            return park(OBSERVATION, observation.system(), observation.eventId(), observation.sku(), observation.location(),
                    observation, unmapped, actor, replayOf);
        }
        PositionId position = new PositionId(Sku.of(sku.get()), LocationCode.of(location.get()));
        RecordObservation command = new RecordObservation(position, SystemId.of(observation.system()), observation.eventId(),
                observation.observedAt(), observation.quantities(), actor);
        IngestOutcome outcome = dispatch(command, observation.system(), observation.eventId(), actor, null);
        settle(observation.system(), observation.eventId(), position, outcome, replayOf, actor);
        return new Result.Accepted(observation.eventId(), outcome, position.sku().value(), position.location().value(), null, null);
    }

    private void settle(String system, String eventId, PositionId position, IngestOutcome outcome, String replayOf,
                        String actor) {
        receipts.settle(system, eventId, position.asString(), outcome.name(), replayOf);
        if (replayOf != null) {
            commands.sendAndWait(new org.recon.api.identity.MarkParkedMessageReplayed(replayOf, outcome.name(), null, actor));
        }
    }

    /**
     * Maps a system's code to canonical identity. The catalog owner's codes are canonical by
     * definition (registered on first use); other systems need an alias or a canonical code.
     */
    private Optional<String> resolve(Kind kind, String system, String code, List<String> unmapped, String field,
                                     Set<String> madeCanonical) {
        if (catalogOwner.value().equals(system)) {
            Optional<String> aliased = identity.alias(kind, system, code);
            if (aliased.isPresent()) {
                return aliased;
            }
            if (!identity.isCanonical(kind, code)) {
                register(kind, code, system);
                madeCanonical.add(kind.name() + ":" + code);
            }
            return Optional.of(code);
        }
        Optional<String> resolved = identity.resolve(kind, system, code);
        if (resolved.isEmpty()) {
            unmapped.add(field + " " + code);
        }
        return resolved;
    }

    private void register(Kind kind, String code, String system) {
        Object command = kind == Kind.SKU
                ? new RegisterSku(Sku.of(code), null, system)
                : new RegisterLocation(LocationCode.of(code), null, system);
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with("system", system).and("actor", system)));
    }

    private Result park(String kind, String system, String eventId, String sku, String location, Object payload,
                        List<String> unmapped, String actor, String replayOf) {
        String detail = "no canonical code or alias for " + String.join(", ", unmapped)
                + "; the message waits in the inbox and is replayed once the alias or code exists";
        if (replayOf != null) {
            return new Result.Accepted(eventId, IngestOutcome.PARKED, null, null, UNMAPPED_IDENTITY, detail);
        }
        String inboxId = UUID.randomUUID().toString();
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ParkMessage(inboxId, SystemId.of(system), eventId,
                        kind, UNMAPPED_IDENTITY, detail, sku, location, json.writeValueAsString(payload), actor))
                .andMetaData(MetaData.with("system", system).and("eventId", eventId).and("actor", actor)));
        receipts.settle(system, eventId, null, IngestOutcome.PARKED.name(), inboxId);
        return new Result.Accepted(eventId, IngestOutcome.PARKED, null, null, UNMAPPED_IDENTITY, detail);
    }

    private IngestOutcome dispatch(Object command, String system, String eventId, String actor, String reason) {
        MetaData metaData = MetaData.with("system", system).and("eventId", eventId).and("actor", actor);
        if (reason != null) {
            metaData = metaData.and("reason", reason);
        }
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
    }

    /** The first delivery stands; the conflicting attempt is kept as an event on the position, in its own transaction. */
    private Result recordConflict(Result result, String system, String eventId, String fingerprint, Object attempt,
                                  String actor) {
        if (result instanceof Result.Conflict) {
            retrying(() -> transactions.execute(tx -> {
                ReceiptStore.Receipt original = receipts.find(system, eventId).orElseThrow();
                if (original.positionId() != null) {
                    commands.sendAndWait(GenericCommandMessage.asCommandMessage(new RecordDuplicateConflict(
                                    PositionId.parse(original.positionId()), SystemId.of(system), eventId,
                                    original.fingerprint(), fingerprint, json.writeValueAsString(attempt), actor))
                            .andMetaData(MetaData.with("system", system).and("eventId", eventId).and("actor", actor)));
                }
                return null;
            }));
        }
        return result;
    }

    private <T> T retrying(Supplier<T> work) {
        try {
            return retries.execute(work::get);
        } catch (RetryException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Two deliveries raced for the same position (or receipt): the loser reloads and tries again. */
    static boolean isConflictOnAppend(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException
                    || t.getClass().getSimpleName().equals("ConcurrencyException")
                    || t.getClass().getSimpleName().equals("AggregateStreamCreationException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
