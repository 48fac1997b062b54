package org.recon.command.ingest;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
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
import org.recon.api.position.RecordMovements;
import org.recon.api.position.RecordObservation;
import org.recon.api.position.RecordObservations;
import org.recon.command.identity.IdentityDirectory;
import org.recon.command.identity.IdentityDirectory.Kind;
import org.recon.command.position.PositionRules;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
    private final IngestRetries retries;
    private final TransactionManager unitOfWorkTransactions;
    private final JsonMapper json;
    private final SystemId catalogOwner;

    IngestService(CommandGateway commands, IdentityDirectory identity, ReceiptStore receipts,
                  TransactionTemplate transactions, TransactionManager unitOfWorkTransactions, JsonMapper json,
                  PositionRules rules, IngestRetries retries) {
        this.commands = commands;
        this.identity = identity;
        this.receipts = receipts;
        this.transactions = transactions;
        this.unitOfWorkTransactions = unitOfWorkTransactions;
        this.json = json;
        this.catalogOwner = rules.ownership().catalogOwner();
        this.retries = retries;
    }

    public Result ingestMovement(ValidMovement movement, String actor) {
        String fingerprint = Fingerprint.of(json.writeValueAsString(movement));
        Set<String> madeCanonical = ConcurrentHashMap.newKeySet();
        Result result = retries.single(() -> transactions.execute(tx -> {
            madeCanonical.clear();
            return alreadyDelivered(movement.system(), movement.eventId(), fingerprint).orElseGet(() ->
                    applyMovement(movement, actor, new FirstDelivery(MOVEMENT, fingerprint), madeCanonical));
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
        Result result = retries.single(() -> transactions.execute(tx -> {
            Optional<Result> earlier = alreadyDelivered(adjustment.system(), adjustment.eventId(), fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            PositionId position = PositionId.of(adjustment.sku(), adjustment.location());
            RecordMovement command = new RecordMovement(position, SystemId.of(adjustment.system()), adjustment.eventId(),
                    adjustment.type(), adjustment.occurredAt(), 0, adjustment.delta(), adjustment.state(), null, null,
                    adjustment.reason(), adjustment.sourceReason(), adjustment.note(), actor, true, null);
            IngestOutcome outcome = dispatch(command, adjustment.system(), adjustment.eventId(), actor,
                    adjustment.reason().code());
            settle(adjustment.system(), adjustment.eventId(), position, outcome, new FirstDelivery(MOVEMENT, fingerprint),
                    actor);
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
        Result result = retries.single(() -> transactions.execute(tx -> {
            madeCanonical.clear();
            return alreadyDelivered(observation.system(), observation.eventId(), fingerprint).orElseGet(() ->
                    applyObservation(observation, actor, new FirstDelivery(OBSERVATION, fingerprint), madeCanonical));
        }));
        replayWhatBecameCanonical(madeCanonical, actor);
        return recordConflict(result, observation.system(), observation.eventId(), fingerprint, observation, actor);
    }

    /** Replays a parked message with its original eventId and times; it is applied at most once. */
    public Result replay(IdentityDirectory.ParkedEntry entry, String actor) {
        return retries.single(() -> transactions.execute(tx -> {
            if (MOVEMENT.equals(entry.kind())) {
                ValidMovement movement = json.readValue(entry.payload(), ValidMovement.class);
                return applyMovement(movement, actor, new Replay(entry.inboxId()), ConcurrentHashMap.newKeySet());
            }
            ValidObservation observation = json.readValue(entry.payload(), ValidObservation.class);
            return applyObservation(observation, actor, new Replay(entry.inboxId()), ConcurrentHashMap.newKeySet());
        }));
    }

    /**
     * How a decided message's receipt is written. A first delivery records it, once, with its outcome and in
     * the transaction of its events; a key another delivery records meanwhile makes that insert a duplicate
     * key, which rolls the transaction back, and the retry finds the receipt. A replay of a parked message
     * settles the receipt its first delivery left.
     */
    private sealed interface Receipting {
    }

    private record FirstDelivery(String kind, String fingerprint) implements Receipting {
        ReceiptStore.Decided receipt(String eventId, PositionId position, IngestOutcome outcome, String inboxId) {
            return new ReceiptStore.Decided(eventId, kind, fingerprint, position == null ? null : position.asString(),
                    outcome.name(), inboxId);
        }
    }

    private record Replay(String inboxId) implements Receipting {
    }

    /** The answer to a key already delivered, or empty for a first delivery. */
    private Optional<Result> alreadyDelivered(String system, String eventId, String fingerprint) {
        return receipts.find(system, eventId).map(receipt -> alreadyDelivered(receipt, system, eventId, fingerprint));
    }

    private static Result alreadyDelivered(ReceiptStore.Receipt receipt, String system, String eventId, String fingerprint) {
        if (!receipt.fingerprint().equals(fingerprint)) {
            return new Result.Conflict(eventId, "eventId " + eventId + " was already delivered by " + system
                    + " with different content; the first delivery stands and this attempt is recorded");
        }
        PositionId position = receipt.positionId() == null ? null : PositionId.parse(receipt.positionId());
        return new Result.Accepted(eventId, IngestOutcome.DUPLICATE, position == null ? null : position.sku().value(),
                position == null ? null : position.location().value(), null, null);
    }

    private Result applyMovement(ValidMovement movement, String actor, Receipting receipting, Set<String> madeCanonical) {
        SystemId system = SystemId.of(movement.system());
        List<String> unmapped = new ArrayList<>();
        Optional<String> sku = resolve(Kind.SKU, movement.system(), movement.sku(), unmapped, "sku", madeCanonical);
        Optional<String> location = resolve(Kind.LOCATION, movement.system(), movement.location(), unmapped, "location", madeCanonical);
        Optional<String> toLocation = movement.toLocation() == null ? Optional.empty()
                : resolve(Kind.LOCATION, movement.system(), movement.toLocation(), unmapped, "toLocation", madeCanonical);
        if (!unmapped.isEmpty()) {
            return park(MOVEMENT, movement.system(), movement.eventId(), movement.sku(), movement.location(), movement,
                    unmapped, actor, receipting);
        }
        PositionId position = new PositionId(Sku.of(sku.get()), LocationCode.of(location.get()));
        RecordMovement command = new RecordMovement(position, system, movement.eventId(), movement.type(),
                movement.occurredAt(), movement.quantity(), movement.delta(), movement.state(), movement.document(),
                toLocation.map(LocationCode::of).orElse(null), movement.reason(), movement.sourceReason(), movement.note(),
                actor, false, null);
        IngestOutcome outcome = dispatch(command, movement.system(), movement.eventId(), actor,
                movement.reason() == null ? null : movement.reason().code());
        settle(movement.system(), movement.eventId(), position, outcome, receipting, actor);
        return new Result.Accepted(movement.eventId(), outcome, position.sku().value(), position.location().value(), null, null);
    }

    private Result applyObservation(ValidObservation observation, String actor, Receipting receipting,
                                    Set<String> madeCanonical) {
        List<String> unmapped = new ArrayList<>();
        Optional<String> sku = resolve(Kind.SKU, observation.system(), observation.sku(), unmapped, "sku", madeCanonical);
        Optional<String> location = resolve(Kind.LOCATION, observation.system(), observation.location(), unmapped, "location", madeCanonical);
        if (!unmapped.isEmpty()) {
            return park(OBSERVATION, observation.system(), observation.eventId(), observation.sku(), observation.location(),
                    observation, unmapped, actor, receipting);
        }
        PositionId position = new PositionId(Sku.of(sku.get()), LocationCode.of(location.get()));
        RecordObservation command = new RecordObservation(position, SystemId.of(observation.system()), observation.eventId(),
                observation.observedAt(), observation.quantities(), actor);
        IngestOutcome outcome = dispatch(command, observation.system(), observation.eventId(), actor, null);
        settle(observation.system(), observation.eventId(), position, outcome, receipting, actor);
        return new Result.Accepted(observation.eventId(), outcome, position.sku().value(), position.location().value(), null, null);
    }

    private void settle(String system, String eventId, PositionId position, IngestOutcome outcome, Receipting receipting,
                        String actor) {
        if (receipting instanceof FirstDelivery first) {
            receipts.recordAll(system, List.of(first.receipt(eventId, position, outcome, null)));
        } else if (receipting instanceof Replay replay) {
            receipts.settle(system, eventId, position.asString(), outcome.name(), replay.inboxId());
            commands.sendAndWait(new org.recon.api.identity.MarkParkedMessageReplayed(replay.inboxId(), outcome.name(), null,
                    actor));
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
                        List<String> unmapped, String actor, Receipting receipting) {
        String detail = parkedDetail(unmapped);
        if (receipting instanceof FirstDelivery first) {
            String inboxId = parkInInbox(kind, system, eventId, sku, location, payload, detail, actor);
            receipts.recordAll(system, List.of(first.receipt(eventId, null, IngestOutcome.PARKED, inboxId)));
        }
        return new Result.Accepted(eventId, IngestOutcome.PARKED, null, null, UNMAPPED_IDENTITY, detail);
    }

    private static String parkedDetail(List<String> unmapped) {
        return "no canonical code or alias for " + String.join(", ", unmapped)
                + "; the message waits in the inbox and is replayed once the alias or code exists";
    }

    /** @return the id of the new inbox entry */
    private String parkInInbox(String kind, String system, String eventId, String sku, String location, Object payload,
                               String detail, String actor) {
        String inboxId = UUID.randomUUID().toString();
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new ParkMessage(inboxId, SystemId.of(system), eventId,
                        kind, UNMAPPED_IDENTITY, detail, sku, location, json.writeValueAsString(payload), actor))
                .andMetaData(MetaData.with("system", system).and("eventId", eventId).and("actor", actor)));
        return inboxId;
    }

    private IngestOutcome dispatch(Object command, String system, String eventId, String actor, String reason) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(auditMetaData(system, eventId, actor, reason)));
    }

    /** The audit trail of a delivery, carried by every event it causes: who, which message, and why. */
    private static Map<String, String> auditMetaData(String system, String eventId, String actor, String reason) {
        Map<String, String> metaData = new LinkedHashMap<>();
        metaData.put("system", system);
        metaData.put("eventId", eventId);
        metaData.put("actor", actor);
        if (reason != null) {
            metaData.put("reason", reason);
        }
        return metaData;
    }

    /** The first delivery stands; the conflicting attempt is kept as an event on the position, in its own transaction. */
    private Result recordConflict(Result result, String system, String eventId, String fingerprint, Object attempt,
                                  String actor) {
        if (result instanceof Result.Conflict) {
            retries.single(() -> transactions.execute(tx -> {
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

    // ---------------------------------------------------------------- batches

    /**
     * Takes a chunk of one batch to its positions in one transaction: one query finds the receipts of the
     * keys already delivered, one command per position carries that position's movements in the order given
     * (one aggregate load and one append of its events), one statement records every new receipt with its
     * outcome. All or nothing: on an exception nothing of the chunk is recorded and the caller may take its
     * items one by one.
     *
     * @param movements of one system, with distinct eventIds
     * @return one result per movement, in the same order
     */
    public List<Result> ingestMovements(List<ValidMovement> movements, String actor) {
        return ingestChunk(movements, actor, new Chunked<>() {
            @Override
            public String kind() {
                return MOVEMENT;
            }

            @Override
            public String system(ValidMovement movement) {
                return movement.system();
            }

            @Override
            public String eventId(ValidMovement movement) {
                return movement.eventId();
            }

            @Override
            public List<String> codes(Kind kind, ValidMovement movement) {
                if (kind == Kind.SKU) {
                    return List.of(movement.sku());
                }
                return movement.toLocation() == null ? List.of(movement.location())
                        : List.of(movement.location(), movement.toLocation());
            }

            @Override
            public Optional<Object> command(ValidMovement movement, ChunkIdentity identity, List<String> unmapped) {
                Optional<String> sku = identity.resolve(Kind.SKU, movement.sku(), unmapped, "sku");
                Optional<String> location = identity.resolve(Kind.LOCATION, movement.location(), unmapped, "location");
                Optional<String> toLocation = movement.toLocation() == null ? Optional.empty()
                        : identity.resolve(Kind.LOCATION, movement.toLocation(), unmapped, "toLocation");
                if (!unmapped.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new RecordMovement(new PositionId(Sku.of(sku.get()), LocationCode.of(location.get())),
                        SystemId.of(movement.system()), movement.eventId(), movement.type(), movement.occurredAt(),
                        movement.quantity(), movement.delta(), movement.state(), movement.document(),
                        toLocation.map(LocationCode::of).orElse(null), movement.reason(), movement.sourceReason(),
                        movement.note(), actor, false, null));
            }

            @Override
            public String reason(ValidMovement movement) {
                return movement.reason() == null ? null : movement.reason().code();
            }

            @Override
            public String[] parkedCodes(ValidMovement movement) {
                return new String[] {movement.sku(), movement.location()};
            }

            @Override
            public Object batchCommand(PositionId position, List<Object> commands, List<Map<String, String>> metaData) {
                List<RecordMovements.Item> items = new ArrayList<>(commands.size());
                for (int i = 0; i < commands.size(); i++) {
                    items.add(new RecordMovements.Item((RecordMovement) commands.get(i), metaData.get(i)));
                }
                return new RecordMovements(position, items);
            }
        });
    }

    /** As {@link #ingestMovements}, for observations. */
    public List<Result> ingestObservations(List<ValidObservation> observations, String actor) {
        return ingestChunk(observations, actor, new Chunked<>() {
            @Override
            public String kind() {
                return OBSERVATION;
            }

            @Override
            public String system(ValidObservation observation) {
                return observation.system();
            }

            @Override
            public String eventId(ValidObservation observation) {
                return observation.eventId();
            }

            @Override
            public List<String> codes(Kind kind, ValidObservation observation) {
                return List.of(kind == Kind.SKU ? observation.sku() : observation.location());
            }

            @Override
            public Optional<Object> command(ValidObservation observation, ChunkIdentity identity, List<String> unmapped) {
                Optional<String> sku = identity.resolve(Kind.SKU, observation.sku(), unmapped, "sku");
                Optional<String> location = identity.resolve(Kind.LOCATION, observation.location(), unmapped, "location");
                if (!unmapped.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new RecordObservation(new PositionId(Sku.of(sku.get()), LocationCode.of(location.get())),
                        SystemId.of(observation.system()), observation.eventId(), observation.observedAt(),
                        observation.quantities(), actor));
            }

            @Override
            public String reason(ValidObservation observation) {
                return null;
            }

            @Override
            public String[] parkedCodes(ValidObservation observation) {
                return new String[] {observation.sku(), observation.location()};
            }

            @Override
            public Object batchCommand(PositionId position, List<Object> commands, List<Map<String, String>> metaData) {
                List<RecordObservations.Item> items = new ArrayList<>(commands.size());
                for (int i = 0; i < commands.size(); i++) {
                    items.add(new RecordObservations.Item((RecordObservation) commands.get(i), metaData.get(i)));
                }
                return new RecordObservations(position, items);
            }
        });
    }

    /** What the batch path needs to know of a movement or an observation. */
    private interface Chunked<T> {
        String kind();

        String system(T item);

        String eventId(T item);

        /** The codes of one kind the item names, as sent. */
        List<String> codes(Kind kind, T item);

        /** The single command of the item at its canonical position, or empty with the unmapped codes listed. */
        Optional<Object> command(T item, ChunkIdentity identity, List<String> unmapped);

        String reason(T item);

        /** The SKU and location as sent, for the inbox. */
        String[] parkedCodes(T item);

        Object batchCommand(PositionId position, List<Object> commands, List<Map<String, String>> metaData);
    }

    /**
     * Identity for one chunk: the aliases and canonical codes it names, read in two queries per kind, and
     * the catalog owner's new codes registered once each. The same decisions as {@link #resolve}.
     */
    private final class ChunkIdentity {
        private final String system;
        private final Map<Kind, Map<String, String>> aliases = new HashMap<>();
        private final Map<Kind, Set<String>> canonical = new HashMap<>();
        private final Set<String> madeCanonical;

        ChunkIdentity(String system, Map<Kind, Set<String>> codes, Set<String> madeCanonical) {
            this.system = system;
            this.madeCanonical = madeCanonical;
            for (Kind kind : Kind.values()) {
                Set<String> named = codes.getOrDefault(kind, Set.of());
                aliases.put(kind, identity.aliases(kind, system, named));
                canonical.put(kind, new HashSet<>(identity.canonicalAmong(kind, named)));
            }
        }

        Optional<String> resolve(Kind kind, String code, List<String> unmapped, String field) {
            String aliased = aliases.get(kind).get(code);
            if (aliased != null) {
                return Optional.of(aliased);
            }
            if (catalogOwner.value().equals(system)) {
                if (canonical.get(kind).add(code)) {
                    register(kind, code, system);
                    madeCanonical.add(kind.name() + ":" + code);
                }
                return Optional.of(code);
            }
            if (canonical.get(kind).contains(code)) {
                return Optional.of(code);
            }
            unmapped.add(field + " " + code);
            return Optional.empty();
        }
    }

    private <T> List<Result> ingestChunk(List<T> items, String actor, Chunked<T> kind) {
        if (items.isEmpty()) {
            return List.of();
        }
        String system = kind.system(items.get(0));
        List<String> fingerprints = new ArrayList<>(items.size());
        for (T item : items) {
            if (!system.equals(kind.system(item))) {
                throw new IllegalArgumentException("a chunk holds the deliveries of one system");
            }
            fingerprints.add(Fingerprint.of(json.writeValueAsString(item)));
        }
        Set<String> madeCanonical = ConcurrentHashMap.newKeySet();
        List<Result> results = retries.chunk(() -> inUnitOfWork(() -> {
            madeCanonical.clear();
            return decideChunk(items, fingerprints, system, actor, kind, madeCanonical);
        }));
        replayWhatBecameCanonical(madeCanonical, actor);
        List<Result> answered = new ArrayList<>(results);
        for (int i = 0; i < items.size(); i++) {
            answered.set(i, recordConflict(results.get(i), system, kind.eventId(items.get(i)), fingerprints.get(i),
                    items.get(i), actor));
        }
        return answered;
    }

    private <T> List<Result> decideChunk(List<T> items, List<String> fingerprints, String system, String actor,
                                         Chunked<T> kind, Set<String> madeCanonical) {
        Result[] results = new Result[items.size()];
        List<String> eventIds = new ArrayList<>(items.size());
        for (T item : items) {
            eventIds.add(kind.eventId(item));
        }
        Map<String, ReceiptStore.Receipt> earlier = receipts.findAll(system, eventIds);
        Map<Kind, Set<String>> codes = new HashMap<>();
        for (T item : items) {
            if (!earlier.containsKey(kind.eventId(item))) {
                for (Kind codeKind : Kind.values()) {
                    codes.computeIfAbsent(codeKind, k -> new HashSet<>()).addAll(kind.codes(codeKind, item));
                }
            }
        }
        ChunkIdentity chunkIdentity = new ChunkIdentity(system, codes, madeCanonical);
        List<ReceiptStore.Decided> decided = new ArrayList<>(items.size());
        // positions in a fixed order, so that two chunks lock the positions they share in the same order
        Map<PositionId, List<Integer>> byPosition = new TreeMap<>(Comparator.comparing(PositionId::asString));
        Map<Integer, Object> singleCommands = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            T item = items.get(i);
            String eventId = kind.eventId(item);
            ReceiptStore.Receipt receipt = earlier.get(eventId);
            if (receipt != null) {
                results[i] = alreadyDelivered(receipt, system, eventId, fingerprints.get(i));
                continue;
            }
            List<String> unmapped = new ArrayList<>();
            Optional<Object> command = kind.command(item, chunkIdentity, unmapped);
            if (command.isEmpty()) {
                String detail = parkedDetail(unmapped);
                String[] sent = kind.parkedCodes(item);
                String inboxId = parkInInbox(kind.kind(), system, eventId, sent[0], sent[1], item, detail, actor);
                decided.add(new ReceiptStore.Decided(eventId, kind.kind(), fingerprints.get(i), null,
                        IngestOutcome.PARKED.name(), inboxId));
                results[i] = new Result.Accepted(eventId, IngestOutcome.PARKED, null, null, UNMAPPED_IDENTITY, detail);
                continue;
            }
            PositionId position = positionOf(command.get());
            byPosition.computeIfAbsent(position, key -> new ArrayList<>()).add(i);
            singleCommands.put(i, command.get());
        }
        for (Map.Entry<PositionId, List<Integer>> entry : byPosition.entrySet()) {
            PositionId position = entry.getKey();
            List<Object> positionCommands = new ArrayList<>();
            List<Map<String, String>> metaData = new ArrayList<>();
            for (int index : entry.getValue()) {
                T item = items.get(index);
                positionCommands.add(singleCommands.get(index));
                metaData.add(auditMetaData(system, kind.eventId(item), actor, kind.reason(item)));
            }
            List<IngestOutcome> outcomes = commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            kind.batchCommand(position, positionCommands, metaData))
                    .andMetaData(MetaData.with("system", system).and("actor", actor)));
            for (int k = 0; k < outcomes.size(); k++) {
                int index = entry.getValue().get(k);
                String eventId = kind.eventId(items.get(index));
                decided.add(new ReceiptStore.Decided(eventId, kind.kind(), fingerprints.get(index), position.asString(),
                        outcomes.get(k).name(), null));
                results[index] = new Result.Accepted(eventId, outcomes.get(k), position.sku().value(),
                        position.location().value(), null, null);
            }
        }
        receipts.recordAll(system, decided);
        return Arrays.asList(results);
    }

    private static PositionId positionOf(Object command) {
        return command instanceof RecordMovement movement ? movement.positionId()
                : ((RecordObservation) command).positionId();
    }

    /**
     * Runs work in one Axon unit of work that owns one database transaction: the commands it sends are
     * nested units of work whose events are appended together when it commits (one JDBC batch), and a
     * rollback (of the transaction too) evicts every aggregate they touched from the cache.
     */
    private <T> T inUnitOfWork(Supplier<T> work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(unitOfWorkTransactions);
        ResultMessage<T> result = unitOfWork.executeWithResult(work::get);
        if (result.isExceptional()) {
            Throwable error = result.exceptionResult();
            if (error instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (error instanceof Error fatal) {
                throw fatal;
            }
            throw new IllegalStateException(error);
        }
        return result.getPayload();
    }
}
