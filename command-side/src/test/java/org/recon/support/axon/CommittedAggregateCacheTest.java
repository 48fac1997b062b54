package org.recon.support.axon;

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
    }
}
