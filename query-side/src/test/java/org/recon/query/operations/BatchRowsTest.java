package org.recon.query.operations;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BatchRowsTest {

    private final List<Collection<String>> loadAllCalls = new ArrayList<>();
    private final List<String> loadOneCalls = new ArrayList<>();
    private final Map<String, String> database = new HashMap<>(Map.of("a", "row-a", "x", "row-x"));

    @Test
    void theFirstEventOfABatchLoadsTheRowsOfEveryEventOfTheBatchAtOnce() throws Exception {
        List<EventMessage<?>> events = List.of(event("a"), event("b"), event("boom"), event("a"));
        Map<String, List<String>> seen = new HashMap<>();
        AtomicInteger handled = new AtomicInteger();
        var unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.executeWithResult(() -> {
            String key = (String) unitOfWork.getMessage().getPayload();
            handled.incrementAndGet();
            if (key.equals("boom")) {
                return null;
            }
            BatchRows<String, String> rows = rows();
            seen.computeIfAbsent(key, k -> new ArrayList<>()).add(rows.get(key));
            if (rows.get(key) == null) {
                rows.put(key, "new-" + key);
            }
            seen.get(key).add(rows.get("x"));
            return null;
        });

        assertThat(handled).hasValue(4);
        // one query for the batch; the key that could not be derived is left to its own handler
        assertThat(loadAllCalls).containsExactly(List.of("a", "b"));
        assertThat(seen.get("a")).containsExactly("row-a", "row-x", "row-a", "row-x");
        // b was looked up with the batch and is absent: no second look-up, then the created row is found
        assertThat(seen.get("b")).containsExactly(null, "row-x");
        // a key the batch did not announce is read on its own, once
        assertThat(loadOneCalls).containsExactly("x");
    }

    @Test
    void aNewBatchStartsFromTheDatabaseAgain() throws Exception {
        for (int i = 0; i < 2; i++) {
            var unitOfWork = new BatchingUnitOfWork<>(List.<EventMessage<?>>of(event("a")));
            unitOfWork.executeWithResult(() -> rows().get("a"));
        }
        assertThat(loadAllCalls).hasSize(2);
    }

    @Test
    void outsideABatchEveryKeyIsReadOnItsOwn() throws Exception {
        assertThat(rows().get("a")).isEqualTo("row-a");
        var unitOfWork = DefaultUnitOfWork.startAndGet(event("a"));
        try {
            assertThat(rows().get("a")).isEqualTo("row-a");
            assertThat(rows().get("x")).isEqualTo("row-x");
        } finally {
            unitOfWork.commit();
        }
        assertThat(loadAllCalls).containsExactly(List.of("a"));
        assertThat(loadOneCalls).containsExactly("a", "x");
    }

    private BatchRows<String, String> rows() {
        return BatchRows.current("test", this::keyOf, keys -> {
            loadAllCalls.add(List.copyOf(keys));
            Map<String, String> found = new HashMap<>();
            keys.forEach(k -> {
                if (database.containsKey(k)) {
                    found.put(k, database.get(k));
                }
            });
            return found;
        }, key -> {
            loadOneCalls.add(key);
            return database.get(key);
        });
    }

    private String keyOf(Message<?> message) {
        String key = (String) message.getPayload();
        if (key.equals("boom")) {
            throw new IllegalStateException("cannot read this event");
        }
        return key;
    }

    private static EventMessage<?> event(String key) {
        return GenericEventMessage.asEventMessage(key);
    }
}
