package org.recon.query.operations;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The read-model rows a projection touches in one batch of events (one transaction), loaded with one
 * query for the whole batch when the first event of the batch needs one, instead of one look-up per
 * event. Lives as long as the batch's unit of work (so as long as its transaction); a rolled-back batch
 * takes it along. Rows the projection creates or changes are put back with {@link #put}, so a later
 * event of the same batch finds them without asking the database (writing them is {@link BatchWrites}'s job).
 * <p>
 * A key the batch did not announce (the dead-letter retry path, a key derived differently) falls back
 * to a single look-up; a message whose key cannot be derived (for instance a payload that does not
 * deserialise) is skipped here, so that it fails in its own handler and is parked on its own.
 *
 * @param <K> the row's key
 * @param <R> the row
 */
public final class BatchRows<K, R> {

    private final Map<K, R> rows = new HashMap<>();
    private final Set<K> absent = new HashSet<>();
    private final Function<K, R> loadOne;

    private BatchRows(Function<K, R> loadOne) {
        this.loadOne = loadOne;
    }

    /**
     * The rows of the current batch under {@code name}, created (and prefetched) on first use.
     *
     * @param name    unique per projection and kind of row
     * @param keyOf   the key an event of the batch will look up, or {@code null} when it needs none
     * @param loadAll loads the rows of the given keys (missing ones are simply absent from the result)
     * @param loadOne loads one row, or {@code null}
     */
    public static <K, R> BatchRows<K, R> current(String name, Function<Message<?>, K> keyOf,
                                                 Function<Collection<K>, Map<K, R>> loadAll, Function<K, R> loadOne) {
        if (!CurrentUnitOfWork.isStarted()) {
            return new BatchRows<>(loadOne);
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BatchRows.class.getName() + "/" + name, k -> {
            BatchRows<K, R> batch = new BatchRows<>(loadOne);
            batch.prefetch(messagesOf(root), keyOf, loadAll);
            return batch;
        });
    }

    private void prefetch(List<? extends Message<?>> messages, Function<Message<?>, K> keyOf,
                          Function<Collection<K>, Map<K, R>> loadAll) {
        Set<K> keys = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            K key;
            try {
                key = keyOf.apply(message);
            } catch (RuntimeException e) {
                continue; // its own handler will fail and park it
            }
            if (key != null) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        rows.putAll(loadAll.apply(keys));
        keys.forEach(key -> {
            if (!rows.containsKey(key)) {
                absent.add(key);
            }
        });
    }

    /** The messages of the current batch, in stream order: one outside a batch, none outside a unit of work. */
    public static List<? extends Message<?>> currentBatch() {
        return CurrentUnitOfWork.isStarted() ? messagesOf(CurrentUnitOfWork.get().root()) : List.of();
    }

    private static List<? extends Message<?>> messagesOf(UnitOfWork<?> root) {
        if (root instanceof BatchingUnitOfWork<?> batch) {
            return batch.getMessages();
        }
        Message<?> message = CurrentUnitOfWork.get().getMessage();
        return message == null ? List.of() : List.of(message);
    }

    /** The row of {@code key}, or {@code null} when there is none yet. */
    public R get(K key) {
        R row = rows.get(key);
        if (row != null || absent.contains(key)) {
            return row;
        }
        row = loadOne.apply(key);
        if (row == null) {
            absent.add(key);
        } else {
            rows.put(key, row);
        }
        return row;
    }

    /** A row this batch created or changed, for its later events to find. */
    public void put(K key, R row) {
        rows.put(key, row);
        absent.remove(key);
    }
}
