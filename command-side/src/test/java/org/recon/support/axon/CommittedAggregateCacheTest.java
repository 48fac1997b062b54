package org.recon.support.axon;

import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The position cache: bounded, least recently used out, and only committed state is ever visible. */
class CommittedAggregateCacheTest {

    @AfterEach
    void noTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void outsideATransactionAPutIsVisibleAtOnce() {
        CommittedAggregateCache cache = new CommittedAggregateCache(10);
        cache.put("a", "state-1");
        assertThat(cache.<String, String>get("a")).isEqualTo("state-1");
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.<String, String>get("a")).isNull();
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesFirst() {
        CommittedAggregateCache cache = new CommittedAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");
        cache.put("c", 3);
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).as("least recently used").isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void insideATransactionAPutHidesTheOldEntryAndPublishesTheNewOneOnlyOnCommit() {
        CommittedAggregateCache cache = new CommittedAggregateCache(10);
        cache.put("a", "committed");

        TransactionSynchronizationManager.initSynchronization();
        cache.put("a", "uncommitted");
        assertThat(cache.<String, String>get("a")).as("neither the old nor the uncommitted state").isNull();
        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationUtils.invokeAfterCommit(synchronizations);

        assertThat(cache.<String, String>get("a")).isEqualTo("uncommitted");
    }

    @Test
    void aRolledBackTransactionLeavesNothingCached() {
        CommittedAggregateCache cache = new CommittedAggregateCache(10);
        cache.put("a", "committed");

        TransactionSynchronizationManager.initSynchronization();
        cache.put("a", "rolled back");
        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationUtils.invokeAfterCompletion(synchronizations, TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat(cache.<String, String>get("a")).isNull();
        assertThat(cache.containsKey("a")).isFalse();
    }

    @Test
    void listenersHearOfCreationUpdateEvictionAndRemoval() {
        CommittedAggregateCache cache = new CommittedAggregateCache(1);
        StringBuilder heard = new StringBuilder();
        cache.registerCacheEntryListener(new org.axonframework.common.caching.Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.append("created ").append(key).append(';');
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.append("updated ").append(key).append(';');
            }

            @Override
            public void onEntryExpired(Object key) {
                heard.append("expired ").append(key).append(';');
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.append("removed ").append(key).append(';');
            }
        });
        cache.put("a", 1);
        cache.put("a", 2);
        cache.put("b", 3);
        cache.remove("b");
        assertThat(heard).hasToString("created a;updated a;created b;expired a;removed b;");
    }

    @Test
    void aCacheHoldsAtLeastOneEntry() {
        assertThatThrownBy(() -> new CommittedAggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommittedAggregateCache(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entriesLeaveWhenWhatTheyHoldTogetherExceedsTheBound() {
        CommittedAggregateCache cache = new CommittedAggregateCache(100, 10);
        cache.put("a", new Holding(4));
        cache.put("b", new Holding(4));
        cache.put("plain", "weighs one");
        assertThat(cache.heldItems()).isEqualTo(9);

        cache.put("c", new Holding(3));

        assertThat(cache.containsKey("a")).as("least recently used, and the cache held 12").isFalse();
        assertThat(cache.containsKey("b")).isTrue();
        assertThat(cache.heldItems()).isEqualTo(8);

        cache.put("b", new Holding(9)); // grew: the others make room, least recently used first
        assertThat(cache.containsKey("plain")).isFalse();
        assertThat(cache.containsKey("c")).isFalse();
        assertThat(cache.heldItems()).isEqualTo(9);

        cache.put("huge", new Holding(50)); // alone above the bound: kept, everything else goes
        assertThat(cache.containsKey("huge")).isTrue();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.heldItems()).isEqualTo(50);

        cache.remove("huge");
        assertThat(cache.heldItems()).isZero();
    }

    @Test
    void axonsCacheEntriesAreWeighedByTheirAggregate() {
        Holding aggregate = new Holding(7);
        AggregateCacheEntry<Holding> entry = new AggregateCacheEntry<>(EventSourcedAggregate.initialize(aggregate,
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Holding.class), SimpleEventBus.builder().build(),
                NoSnapshotTriggerDefinition.TRIGGER));

        assertThat(CommittedAggregateCache.weightOf(entry)).isEqualTo(7);
        assertThat(CommittedAggregateCache.weightOf("not an aggregate")).isEqualTo(1);
    }

    static final class Holding implements HeldState {
        private final long items;

        Holding(long items) {
            this.items = items;
        }

        @Override
        public long heldItems() {
            return items;
        }
    }
}
