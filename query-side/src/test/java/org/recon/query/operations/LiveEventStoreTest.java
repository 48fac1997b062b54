package org.recon.query.operations;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recon.support.axon.LiveEventStore;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store's streams support Axon's availability callback (a caught-up pooled processor is woken
 * instead of re-reading its stream on a 500 ms timer), and the callback only runs once the event can be
 * read from the stream.
 */
class LiveEventStoreTest {

    private static final String READER_THREAD = "live-event-store-test-reader";
    private static final LiveEventStore.CatchUp SHARED = new LiveEventStore.CatchUp(10, 4);
    private final AtomicInteger commits = new AtomicInteger();
    private final LiveEventStore store = LiveEventStore.create(
            EmbeddedEventStore.builder().fetchDelay(60_000), new InMemoryEventStorageEngine(), commits::incrementAndGet, 0, SHARED);

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aCaughtUpStreamIsCalledBackOnceTheNextEventCanBeRead() throws Exception {
        TrackingEventStream stream = store.openStream(null);
        assertThat(stream.hasNextAvailable()).isFalse(); // caught up: now reads the store's shared cache

        CountDownLatch called = new CountDownLatch(1);
        AtomicBoolean readableWhenCalled = new AtomicBoolean();
        assertThat(stream.setOnAvailableCallback(() -> {
            if (called.getCount() > 0) {
                try {
                    readableWhenCalled.set(stream.hasNextAvailable()); // the test thread waits on the latch meanwhile
                } catch (RuntimeException e) {
                    readableWhenCalled.set(false);
                }
                called.countDown();
            }
        })).isTrue();
        assertThat(store.listeningStreams()).isEqualTo(1);

        store.publish(GenericEventMessage.asEventMessage("first"));

        assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(readableWhenCalled).isTrue();
        TrackedEventMessage<?> event = stream.nextAvailable();
        assertThat(event.getPayload()).isEqualTo("first");
        assertThat(commits).hasValue(1);

        stream.close();
        assertThat(store.listeningStreams()).isZero();
    }

    @Test
    void eventsCommittedElsewhereAreFetchedWithoutWaitingForTheFetchDelay() throws Exception {
        InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine();
        LiveEventStore reader = LiveEventStore.create(EmbeddedEventStore.builder().fetchDelay(60_000)
                .threadFactory(LiveEventStoreTest::readerThread), engine, () -> { }, 0, SHARED);
        try {
            TrackingEventStream stream = reader.openStream(null);
            assertThat(stream.hasNextAvailable()).isFalse();
            CountDownLatch called = new CountDownLatch(1);
            stream.setOnAvailableCallback(called::countDown);
            // the reader's shared producer found nothing and waits out its 60 s fetch delay
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(LiveEventStoreTest::producerIsWaiting);

            engine.appendEvents(GenericEventMessage.asEventMessage("from another process")); // no local commit
            assertThat(called.await(1, TimeUnit.SECONDS)).as("nothing wakes the reader before its fetch delay").isFalse();

            reader.eventsCommittedElsewhere();

            assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("from another process");
        } finally {
            reader.shutDown();
        }
    }

    @Test
    void aBurstOfEventsWakesTheReaderAtOnceAndOnceMoreAtTheEndOfTheInterval() throws Exception {
        LiveEventStore gathering = LiveEventStore.create(EmbeddedEventStore.builder().fetchDelay(60_000),
                new InMemoryEventStorageEngine(), () -> { }, 2_000, SHARED);
        try {
            TrackingEventStream stream = gathering.openStream(null);
            assertThat(stream.hasNextAvailable()).isFalse();
            AtomicInteger wakeUps = new AtomicInteger();
            stream.setOnAvailableCallback(wakeUps::incrementAndGet);

            gathering.publish(GenericEventMessage.asEventMessage("after a quiet interval"));
            // the first event after a quiet interval does not wait for the interval
            Awaitility.await().atMost(Duration.ofMillis(1_500)).until(() -> wakeUps.get() == 1);
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("after a quiet interval");

            gathering.publish(java.util.stream.IntStream.range(0, 20)
                    .mapToObj(i -> GenericEventMessage.asEventMessage("event-" + i)).toList());

            // the burst right after it waits for the end of the interval and is gathered: one wake-up, and one
            // more an interval later if some of its events reached the cache while the first one ran
            for (int i = 0; i < 20; i++) {
                assertThat(stream.nextAvailable().getPayload()).isEqualTo("event-" + i);
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> wakeUps.get() >= 2);
            Awaitility.await().during(Duration.ofMillis(4_500)).atMost(Duration.ofSeconds(15))
                    .until(() -> wakeUps.get() <= 3);
        } finally {
            gathering.shutDown();
        }
    }

    @Test
    void localCommitsWithinTheWakeIntervalMakeTheSharedReaderFetchOnce() throws Exception {
        SharedReaderCounting counting = new SharedReaderCounting();
        AtomicInteger fetches = counting.fetches;
        LiveEventStore gathering = LiveEventStore.create(EmbeddedEventStore.builder().fetchDelay(60_000)
                .threadFactory(LiveEventStoreTest::readerThread), counting, () -> { }, 3_000, SHARED);
        try {
            TrackingEventStream stream = gathering.openStream(null);
            assertThat(stream.hasNextAvailable()).isFalse();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(LiveEventStoreTest::producerIsWaiting);
            int fetchesBefore = fetches.get();

            for (int i = 0; i < 20; i++) {
                gathering.publish(GenericEventMessage.asEventMessage("commit-" + i)); // twenty transactions
                // one after the other: had this commit woken the reader, it would have read it by now
                Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .atMost(Duration.ofSeconds(30)).until(LiveEventStoreTest::producerIsWaiting);
            }

            for (int i = 0; i < 20; i++) {
                assertThat(stream.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
                assertThat(stream.nextAvailable().getPayload()).isEqualTo("commit-" + i);
            }
            // woken at once by the first commit and once more for the other nineteen (twice if the loop outlasts
            // the interval): each wake-up is a read that finds events and one that finds the end, where one
            // wake-up per commit made forty reads
            assertThat(fetches.get() - fetchesBefore).isLessThanOrEqualTo(7);
        } finally {
            gathering.shutDown();
        }
    }

    /**
     * Axon's shared reader reads only while some stream follows its cache, and resumes from the last event it read:
     * without a stream of the store's own at the head, the first processor to catch up after all of them had fallen
     * behind made it read every event committed meanwhile at once (hundreds of thousands after a heavy ingest, held in
     * memory by the processors following the cache until the query side ran out of heap).
     */
    @Test
    void theSharedReaderKeepsUpWithTheHeadWhileNoProcessorFollowsIt() throws Exception {
        SharedReaderCounting counting = new SharedReaderCounting();
        AtomicInteger readBySharedReader = counting.events;
        LiveEventStore following = LiveEventStore.create(EmbeddedEventStore.builder().fetchDelay(20), counting,
                () -> { }, 0, SHARED);
        try {
            TrackingEventStream processor = following.openStream(null);
            assertThat(processor.hasNextAvailable()).isFalse();
            processor.close(); // the last processor that followed the cache is gone (stopped, or fallen behind)

            following.publish(java.util.stream.IntStream.range(0, 500)
                    .mapToObj(i -> GenericEventMessage.asEventMessage("while nobody follows " + i)).toList());

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readBySharedReader.get() == 500);
            TrackingEventStream caughtUp = following.openStream(following.createHeadToken());
            following.publish(GenericEventMessage.asEventMessage("after catching up"));
            assertThat(caughtUp.hasNextAvailable(30, TimeUnit.SECONDS)).isTrue();
            assertThat(caughtUp.nextAvailable().getPayload()).isEqualTo("after catching up");
            // each event read once, as it came: nothing read again in a burst when a processor follows once more
            assertThat(readBySharedReader).hasValue(501);
            caughtUp.close();
        } finally {
            following.shutDown();
        }
    }

    /** Counts the reads of the store's shared reader (the only ones that may block) and the events they hand over. */
    private static final class SharedReaderCounting extends InMemoryEventStorageEngine {

        final AtomicInteger fetches = new AtomicInteger();
        final AtomicInteger events = new AtomicInteger();

        @Override
        public java.util.stream.Stream<? extends TrackedEventMessage<?>> readEvents(
                org.axonframework.eventhandling.TrackingToken token, boolean mayBlock) {
            java.util.stream.Stream<? extends TrackedEventMessage<?>> read = super.readEvents(token, mayBlock);
            if (!mayBlock) {
                return read;
            }
            fetches.incrementAndGet();
            return read.peek(event -> events.incrementAndGet());
        }
    }

    private static boolean producerIsWaiting() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().equals(READER_THREAD))
                .anyMatch(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                        frame.getClassName().endsWith("EmbeddedEventStore$EventProducer")
                                && frame.getMethodName().equals("waitForData")));
    }

    private static Thread readerThread(Runnable runnable) {
        Thread thread = new Thread(runnable, READER_THREAD);
        thread.setDaemon(true);
        return thread;
    }
}
