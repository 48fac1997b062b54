package org.recon.query.operations;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.recon.support.concurrent.DaemonThreads.named;

class CoordinatorSchedulerTest {

    private final List<Long> requestedDelays = new CopyOnWriteArrayList<>();
    private final CoordinatorScheduler scheduler = new CoordinatorScheduler(named("test-coordinator")) {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            requestedDelays.add(unit.toMillis(delay));
            return super.schedule(command, delay, unit);
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void axonsFullBufferPauseIsShortenedAndEveryOtherDelayKeptAsAsked() {
        ScheduledFuture<?> fullBuffer = scheduler.schedule(() -> { }, 100, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> claim = scheduler.schedule(() -> { }, 1, TimeUnit.SECONDS);
        ScheduledFuture<?> pollWithoutCallback = scheduler.schedule(() -> { }, 500, TimeUnit.MILLISECONDS);

        assertThat(fullBuffer.getDelay(TimeUnit.MILLISECONDS))
                .isLessThanOrEqualTo(CoordinatorScheduler.FULL_BUFFER_PAUSE.toMillis());
        assertThat(claim.getDelay(TimeUnit.MILLISECONDS)).isGreaterThan(500);
        assertThat(pollWithoutCallback.getDelay(TimeUnit.MILLISECONDS)).isGreaterThan(100);
    }

    /** Guards the assumption the scheduler rests on, so that an Axon upgrade changing the pause fails here. */
    @Test
    void axonsCoordinatorAsksForItsFixedPauseWhenAWorkPackagesBufferIsFull() {
        var eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        int events = 3_000;
        eventStore.publish(IntStream.range(0, events).mapToObj(i -> GenericEventMessage.asEventMessage("event-" + i)).toList());
        var handler = new BlockingHandler();
        var workers = Executors.newScheduledThreadPool(1, named("test-worker"));
        var processor = PooledStreamingEventProcessor.builder()
                .name("test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .errorHandler(PropagatingErrorHandler.instance())
                .messageSource(eventStore)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .coordinatorExecutor(scheduler)
                .workerExecutor(workers)
                .batchSize(100)
                .initialSegmentCount(1)
                .tokenClaimInterval(1000)
                .build();
        try {
            processor.start();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(requestedDelays)
                    .as("the worker is held on its first event, so the coordinator fills the buffer and pauses")
                    .contains(CoordinatorScheduler.AXON_FULL_BUFFER_PAUSE.toMillis()));
            handler.release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> handler.handled.get() == events);
        } finally {
            handler.release.countDown();
            processor.shutDown();
            workers.shutdownNow();
            eventStore.shutDown();
        }
    }

    static class BlockingHandler {

        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger handled = new AtomicInteger();

        @EventHandler
        void on(String event) throws InterruptedException {
            release.await(10, TimeUnit.SECONDS);
            handled.incrementAndGet();
        }
    }
}
