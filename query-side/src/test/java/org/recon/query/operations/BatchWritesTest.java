package org.recon.query.operations;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BatchWritesTest {

    private final List<List<String>> written = new ArrayList<>();

    @Test
    void aBatchWritesItsRowsOnceBeforeItCommitsTheLastRowOfAKeyInPlaceOfTheEarlierOnes() throws Exception {
        var unitOfWork = new BatchingUnitOfWork<>(events("a", "b", "a", "c"));
        AtomicInteger handled = new AtomicInteger();
        unitOfWork.executeWithResult(() -> {
            String key = (String) unitOfWork.getMessage().getPayload();
            writes().put(key, key + handled.incrementAndGet());
            assertThat(written).as("nothing is written while the batch is handled").isEmpty();
            return null;
        });

        assertThat(written).containsExactly(List.of("a3", "b2", "c4"));
    }

    @Test
    void aBatchThatFailsWritesNothing() throws Exception {
        var unitOfWork = new BatchingUnitOfWork<>(events("a", "b"));
        var result = unitOfWork.executeWithResult(() -> {
            writes().put((String) unitOfWork.getMessage().getPayload(), "row");
            if (unitOfWork.getMessage().getPayload().equals("b")) {
                throw new IllegalStateException("boom");
            }
            return null;
        });
        assertThat(result.isExceptional()).isTrue();
        assertThat(written).isEmpty();
    }

    @Test
    void outsideAUnitOfWorkARowIsWrittenAtOnce() {
        writes().put("a", "row-a");
        assertThat(written).containsExactly(List.of("row-a"));
        writes().put("a", "row-a2");
        assertThat(written).containsExactly(List.of("row-a"), List.of("row-a2"));
    }

    private BatchWrites<String, String> writes() {
        return BatchWrites.current("test", this::write);
    }

    private void write(Collection<String> rows) {
        written.add(List.copyOf(rows));
    }

    private static List<EventMessage<?>> events(String... keys) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (String key : keys) {
            events.add(GenericEventMessage.asEventMessage(key));
        }
        return events;
    }
}
