package org.recon.support.axon;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streams that are behind the head read each page of the store once between them, and each still sees exactly
 * the events after its own token.
 */
class CatchUpPagesTest {

    private final CountingStorage storage = new CountingStorage();

    @Test
    void aStreamThatFollowsAnotherTakesOverItsPagesInsteadOfReadingThemAgain() {
        append(25);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4);

        List<TrackedEventMessage<?>> first = pages.eventsAfter(null).toList();
        assertThat(storage.reads).hasValue(4); // 10, 10, 5, and the empty read that ends the stream
        List<TrackedEventMessage<?>> second = pages.eventsAfter(null).toList();

        assertThat(payloads(first)).isEqualTo(IntStream.range(0, 25).boxed().toList());
        assertThat(second).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(second.get(i)).isSameAs(first.get(i));
        }
        assertThat(storage.reads).hasValue(5); // only the empty read again: it is never kept
        assertThat(pages.readAndShared()).containsExactly(5, 3);
    }

    @Test
    void oncePagesAreNoLongerReadByAnyStreamTheyAreDropped() {
        append(25);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4);
        Stream<TrackedEventMessage<?>> open = pages.eventsAfter(null);
        try (Stream<TrackedEventMessage<?>> caughtUp = pages.eventsAfter(null)) {
            assertThat(caughtUp.toList()).hasSize(25);
        }
        assertThat(open.limit(25).toList()).hasSize(25); // another stream is still open: the pages were kept
        assertThat(storage.reads).hasValue(4);

        open.close();
        try (Stream<TrackedEventMessage<?>> later = pages.eventsAfter(null)) {
            assertThat(later.toList()).hasSize(25);
        }

        assertThat(storage.reads).hasValue(8); // read again: nothing was kept once no stream was left
    }

    @Test
    void aStreamStartingAtATokenTakesThePageThatFollowsThatToken() {
        append(25);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4);
        List<TrackedEventMessage<?>> all = pages.eventsAfter(null).toList();
        int readsBefore = storage.reads.get();

        TrackingToken afterTenth = all.get(9).trackingToken();
        List<TrackedEventMessage<?>> rest = pages.eventsAfter(afterTenth).toList();

        assertThat(payloads(rest)).isEqualTo(IntStream.range(10, 25).boxed().toList());
        assertThat(storage.reads.get() - readsBefore).isEqualTo(1); // the empty read at the end
    }

    @Test
    void eventsAppendedAfterAStreamReachedTheHeadAreReadWhenItAsksAgain() {
        append(5);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4);
        Iterator<TrackedEventMessage<?>> stream = pages.eventsAfter(null).iterator();
        for (int i = 0; i < 5; i++) {
            stream.next();
        }
        assertThat(stream.hasNext()).isFalse();

        append(3);

        assertThat(stream.hasNext()).isTrue();
        List<Object> next = new ArrayList<>();
        stream.forEachRemaining(event -> next.add(event.getPayload()));
        assertThat(next).containsExactly(5, 6, 7);
        assertThat(payloads(pages.eventsAfter(null).toList())).hasSize(8);
    }

    @Test
    void aStreamFurtherBehindThanTheKeptPagesReadsItsOwn() {
        append(30);
        CatchUpPages pages = new CatchUpPages(storage, 10, 1);
        pages.eventsAfter(null).toList();
        int readsBefore = storage.reads.get();

        List<TrackedEventMessage<?>> again = pages.eventsAfter(null).toList();

        assertThat(again).hasSize(30);
        assertThat(storage.reads.get() - readsBefore).isEqualTo(4); // one page kept: each read pushed out the one before
    }

    @Test
    void aFailedReadFailsOnlyItsOwnStreamAndIsNotKept() {
        append(5);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4);
        storage.failNext.set(true);

        assertThatThrownBy(() -> pages.eventsAfter(null).toList()).hasMessageContaining("database away");

        assertThat(payloads(pages.eventsAfter(null).toList())).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void streamsReadingSideBySideEachGetEveryEventInOrderAndEveryPageIsReadOnce() throws Exception {
        append(5_000);
        CatchUpPages pages = new CatchUpPages(storage, 100, 64);

        List<CompletableFuture<List<Object>>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(CompletableFuture.supplyAsync(() -> payloads(pages.eventsAfter(null).toList())));
        }

        for (CompletableFuture<List<Object>> reader : readers) {
            assertThat(reader.get()).isEqualTo(IntStream.range(0, 5_000).boxed().toList());
        }
        // 50 pages read once each, plus at most one empty read per stream at the end
        assertThat(storage.reads.get()).isBetween(51, 54);
    }

    @Test
    void aStreamFarAheadWaitsForAMovingStreamBehindItSoThatThePagesAreStillKeptWhenItGetsThere() {
        append(100);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4, Duration.ofMinutes(1)); // leads by 20 events at most
        Stream<TrackedEventMessage<?>> behindStream = pages.eventsAfter(null);
        Iterator<TrackedEventMessage<?>> behind = behindStream.iterator();
        take(behind, 5);

        AtomicInteger aheadRead = new AtomicInteger();
        CompletableFuture<Void> ahead = CompletableFuture.runAsync(
                () -> pages.eventsAfter(null).forEach(event -> aheadRead.incrementAndGet()));

        await().atMost(Duration.ofSeconds(10)).untilAtomic(aheadRead, equalTo(30)); // 30 - 5 > 20: no further read
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).untilAtomic(aheadRead, equalTo(30));
        take(behind, 10);
        await().atMost(Duration.ofSeconds(10)).untilAtomic(aheadRead, equalTo(40));

        behindStream.close(); // a closed stream is not waited for
        ahead.join();
        assertThat(aheadRead).hasValue(100);
        assertThat(storage.reads).hasValue(11); // every page read once, by the stream ahead, plus its empty read
    }

    @Test
    void aStreamAtTheHeadDoesNotWaitForAMovingStreamFarBehind() {
        append(100);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4, Duration.ofMinutes(1)); // leads by 20 events at most
        Iterator<TrackedEventMessage<?>> replaying = pages.eventsAfter(null).iterator();
        take(replaying, 5);

        // a processor that has caught up asks for what follows the last event: there is no page to keep for anyone,
        // and waiting would hold its new events (and its shutdown) back while another processor replays
        TrackingToken head = storage.createHeadToken();
        assertThat(CompletableFuture.supplyAsync(() -> pages.eventsAfter(head).toList())
                .orTimeout(1, TimeUnit.SECONDS).join()).isEmpty();

        append(3);
        assertThat(CompletableFuture.supplyAsync(() -> pages.eventsAfter(head).toList())
                .orTimeout(1, TimeUnit.SECONDS).join()).hasSize(3);
    }

    @Test
    void aStreamThatStoppedMovingIsNotWaitedFor() {
        append(100);
        CatchUpPages pages = new CatchUpPages(storage, 10, 4, Duration.ofMillis(200));
        take(pages.eventsAfter(null).iterator(), 5); // never closed, never read again

        assertThat(CompletableFuture.supplyAsync(() -> pages.eventsAfter(null).toList())
                .orTimeout(10, TimeUnit.SECONDS).join()).hasSize(100);
    }

    @Test
    void withNoPagesKeptEveryStreamReadsTheStoreItself() {
        append(25);
        CatchUpPages pages = new CatchUpPages(storage, 10, 0);

        assertThat(pages.eventsAfter(null).toList()).hasSize(25);
        assertThat(pages.eventsAfter(null).toList()).hasSize(25);

        assertThat(storage.reads).hasValue(2);
    }

    private void append(int count) {
        int first = storage.appended;
        for (int i = 0; i < count; i++) {
            storage.appendEvents(List.of(GenericEventMessage.asEventMessage(first + i)));
        }
        storage.appended += count;
    }

    private static void take(Iterator<TrackedEventMessage<?>> stream, int count) {
        for (int i = 0; i < count; i++) {
            stream.next();
        }
    }

    private static List<Object> payloads(List<TrackedEventMessage<?>> events) {
        return events.stream().map(TrackedEventMessage::getPayload).map(Object.class::cast).toList();
    }

    /** Axon's in-memory engine, counting its reads, and failing one when told to. */
    private static final class CountingStorage extends InMemoryEventStorageEngine {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean failNext = new AtomicBoolean();
        int appended;

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            reads.incrementAndGet();
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("database away");
            }
            return super.readEvents(trackingToken, mayBlock);
        }
    }
}
