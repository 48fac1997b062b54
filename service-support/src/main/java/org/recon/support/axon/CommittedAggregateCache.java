package org.recon.support.axon;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A bounded, least-recently-used aggregate cache that only ever holds state whose events are
 * committed to the database.
 *
 * <p>Axon's caching repository puts an aggregate into its cache when its own unit of work commits,
 * but the ingest runs that unit of work inside a wider Spring transaction (receipt, events, receipt
 * settlement) that commits later and may still roll back. A plain cache would then keep, and hand to
 * the next command, a state with events that never reached the event store. Here a {@link #put}
 * inside an active Spring transaction removes the key at once and publishes the entry only after
 * that transaction has committed: until then another thread loads the aggregate from the event store
 * (and its append waits for, then conflicts with, the uncommitted one), and after a rollback there is
 * nothing to undo. Stale entries (another command node appended meanwhile) still fail their append
 * with a {@code ConcurrencyException}, which evicts them through the unit of work's rollback.
 *
 * <p>Unlike Axon's {@code WeakReferenceCache}, entries are held strongly up to {@code maxEntries}, so
 * a young-generation garbage collection does not empty the cache and send every command back to
 * the event store (one snapshot query, one events query and the deserialisation of the aggregate's
 * whole history per cache miss).
 *
 * <p>Entries are also bounded by what they hold: an aggregate that is a {@link HeldState} weighs its
 * {@link HeldState#heldItems()}, any other one item, and the least recently used entries leave while
 * the weights add up to more than {@code maxHeldItems}. A count alone bounds nothing when each
 * aggregate's state grows with its history: the cache would fill the heap.
 */
public final class CommittedAggregateCache implements Cache {

    /** Axon's cache entry keeps the aggregate in a private field and offers no accessor. */
    private static final VarHandle AGGREGATE_ROOT = aggregateRootHandle();

    private final int maxEntries;
    private final long maxHeldItems;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedHashMap<Object, Held> entries;
    private long heldItems;

    /** A cached value and what it weighed when it was stored. */
    private record Held(Object value, long weight) {
    }

    public CommittedAggregateCache(int maxEntries) {
        this(maxEntries, Long.MAX_VALUE);
    }

    public CommittedAggregateCache(int maxEntries, long maxHeldItems) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxHeldItems < 1) {
            throw new IllegalArgumentException("maxHeldItems must be at least 1, was " + maxHeldItems);
        }
        this.maxEntries = maxEntries;
        this.maxHeldItems = maxHeldItems;
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1 << 16), 0.75f, true);
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** What the cached aggregates hold together (see {@link HeldState}). */
    public long heldItems() {
        synchronized (entries) {
            return heldItems;
        }
    }

    private static VarHandle aggregateRootHandle() {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "aggregateRoot", Object.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Axon's AggregateCacheEntry no longer has the field aggregateRoot", e);
        }
    }

    /** What an entry weighs: its aggregate's held items, or one. */
    static long weightOf(Object value) {
        Object aggregate = value instanceof AggregateCacheEntry<?> entry ? AGGREGATE_ROOT.get(entry) : value;
        return aggregate instanceof HeldState held ? Math.max(1, held.heldItems()) : 1;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Held held;
        synchronized (entries) {
            held = entries.get(key);
        }
        Object value = held == null ? null : held.value();
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            remove(key);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    store(key, value);
                }
            });
        } else {
            store(key, value);
        }
    }

    private void store(Object key, Object value) {
        Held stored = new Held(value, weightOf(value));
        Held previous;
        List<Object> evicted = new ArrayList<>();
        synchronized (entries) {
            previous = entries.put(key, stored);
            heldItems += stored.weight() - (previous == null ? 0 : previous.weight());
            var eldest = entries.entrySet().iterator();
            // the entry just stored is the most recently used: it is the last to go, and it always stays
            while (entries.size() > maxEntries || (heldItems > maxHeldItems && entries.size() > 1)) {
                var leaving = eldest.next();
                eldest.remove();
                heldItems -= leaving.getValue().weight();
                evicted.add(leaving.getKey());
            }
        }
        for (EntryListener listener : listeners) {
            if (previous == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
            evicted.forEach(listener::onEntryExpired);
        }
    }

    /** Stores directly when absent (also inside a transaction): used for values that need no commit. */
    @Override
    public boolean putIfAbsent(Object key, Object value) {
        synchronized (entries) {
            if (entries.containsKey(key)) {
                return false;
            }
        }
        put(key, value);
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T existing = get(key);
        if (existing != null) {
            return existing;
        }
        T value = valueSupplier.get();
        put(key, value);
        return value;
    }

    @Override
    public boolean remove(Object key) {
        Held removed;
        synchronized (entries) {
            removed = entries.remove(key);
            heldItems -= removed == null ? 0 : removed.weight();
        }
        if (removed != null) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
            return true;
        }
        return false;
    }

    @Override
    public void removeAll() {
        List<Object> keys;
        synchronized (entries) {
            keys = List.copyOf(entries.keySet());
            entries.clear();
            heldItems = 0;
        }
        keys.forEach(key -> listeners.forEach(listener -> listener.onEntryRemoved(key)));
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V current = get(key);
        if (current != null) {
            V updated = update.apply(current);
            if (updated == null) {
                remove(key);
            } else {
                put(key, updated);
            }
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
