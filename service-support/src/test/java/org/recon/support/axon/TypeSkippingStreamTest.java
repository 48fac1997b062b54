package org.recon.support.axon;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor's stream leaves out the events of the types its processor has no handler for, but never the last event
 * available, so the processor's token still reaches the head.
 */
class TypeSkippingStreamTest {

    private final LiveEventStore store = LiveEventStore.create(EmbeddedEventStore.builder().fetchDelay(60_000),
            new InMemoryEventStorageEngine(), () -> { }, 0, new LiveEventStore.CatchUp(10, 4));

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void skippedTypesAreLeftOutUnlessNothingFollowsThem() throws Exception {
        store.publish(List.of(event("s1"), event(1), event(2), event("s2"), event(3), event(4)));
        TrackingEventStream stream = store.openStream(null);

        assertThat(stream.nextAvailable().getPayload()).isEqualTo("s1");
        TrackedEventMessage<?> firstNumber = stream.nextAvailable();
        assertThat(firstNumber.getPayload()).isEqualTo(1); // nothing is skipped before the processor says so
        stream.skipMessagesWithPayloadTypeOf(firstNumber);

        assertThat(stream.peek().<Object>map(TrackedEventMessage::getPayload)).contains("s2");
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("s2");
        // 3 is left out; 4 is the last event of the store, so it is delivered
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.peek().<Object>map(TrackedEventMessage::getPayload)).contains(4);
        TrackedEventMessage<?> last = stream.nextAvailable();
        assertThat(last.getPayload()).isEqualTo(4);
        assertThat(last.trackingToken()).isEqualTo(headToken());
        assertThat(stream.hasNextAvailable()).isFalse();

        store.publish(List.of(event(5), event(6), event("s3"), event(7)));
        // the events reach a caught-up stream one by one: a number may be the last available for a moment
        List<Object> rest = new ArrayList<>();
        while (!rest.contains(7)) {
            assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            rest.add(stream.nextAvailable().getPayload());
        }
        assertThat(rest).contains("s3").isSubsetOf(5, 6, "s3", 7);
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
    }

    @Test
    void aLongRunOfSkippedEventsLetsOneThroughAfterEveryThousandSoThatTheTokenFollowsIt() throws Exception {
        List<GenericEventMessage<Object>> events = new ArrayList<>();
        events.add(event("s1"));
        for (int i = 0; i < 2_500; i++) {
            events.add(event(i));
        }
        events.add(event("s2"));
        store.publish(events);
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("s1");
        stream.skipMessagesWithPayloadTypeOf(stream.nextAvailable()); // 0, delivered before the processor said so

        List<Object> delivered = new ArrayList<>();
        while (!delivered.contains("s2")) {
            assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            delivered.add(stream.nextAvailable().getPayload());
        }
        // 1 to 1000 left out, 1001 delivered; 1002 to 2001 left out, 2002 delivered; 2003 to 2499 left out
        assertThat(TypeSkippingStream.MOST_SKIPPED_IN_A_ROW).isEqualTo(1_000);
        assertThat(delivered).containsExactly(1_001, 2_002, "s2");
        stream.close();
    }

    @Test
    void aProcessorWithoutHandlersForMostEventsHandlesItsOwnInOrderAndItsTokenReachesTheHead() {
        StringsOnly handler = new StringsOnly();
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name("strings")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(store)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.instance())
                .coordinatorExecutor(coordinator)
                .workerExecutor(worker)
                .initialSegmentCount(1)
                .batchSize(7)
                .claimExtensionThreshold(100) // a batch of only skipped types stores its token this often
                .build();
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 500; i++) {
                String text = "r" + round + "-" + i;
                // two in three events are numbers, and every round ends with numbers
                store.publish(List.of(event(text), event(i), event(i + 1_000_000)));
                expected.add(text);
            }
        }
        processor.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.handled.size() >= expected.size());
            assertThat(handler.handled).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tokenPosition(tokens)).isEqualTo(headToken().position()));

            store.publish(List.of(event("late"), event(1), event(2)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tokenPosition(tokens)).isEqualTo(headToken().position()));
            assertThat(handler.handled).hasSize(expected.size() + 1).last().isEqualTo("late");
        } finally {
            processor.shutDown();
            coordinator.shutdownNow();
            worker.shutdownNow();
        }
    }

    /** A new processor's token is a replay token around the position (Axon 4.13 starts new processors so). */
    private static OptionalLong tokenPosition(InMemoryTokenStore tokens) {
        return tokens.fetchToken("strings", 0).position();
    }

    private TrackingToken headToken() {
        return store.createHeadToken();
    }

    private static GenericEventMessage<Object> event(Object payload) {
        return new GenericEventMessage<>(Objects.requireNonNull(payload));
    }

    static final class StringsOnly {

        final List<String> handled = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(String text) {
            handled.add(text);
        }
    }
}
