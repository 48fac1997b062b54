package org.recon.support.axon;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The event store read once for all the streams that are catching up (a replay, a processor far behind): each
 * page of events after a given token is read and deserialised by the first stream that needs it and handed, the
 * same message objects, to every other stream that asks for the events after that token while the page is kept.
 * <p>
 * Why: when the projections are replayed, each processor reads the whole event store on its own stream, and each
 * read deserialises every event again; six processors read and deserialise every event six times. Axon's embedded
 * store shares one reader only among streams that have caught up with the head.
 * <p>
 * A stream that gets a kept page sees exactly what the stream that read it saw, tokens and gaps included: a page is
 * keyed by the token it follows, and the tokens of its events carry the gaps that the read left open, so the next
 * page (kept, or read afresh) asks for those gaps again as the store's own stream would. An empty read is never kept:
 * it ends the stream that made it, and the next stream reads again. Pages are kept in the order they were read, at
 * most {@code maxPages}; a stream that has fallen further behind than that reads its own pages (and keeps them for
 * whoever follows). When the last stream behind the head is closed (the processors have caught up and read
 * the store's shared cache), the kept pages are dropped.
 * <p>
 * The streams are kept together: processors differ in speed (one that handles few event types runs through the store
 * far faster than one that writes a row per event), and a leader far ahead would read pages that are gone before the
 * others get there. So a stream that would have to read a page waits while another stream that is moving is more
 * than half the kept pages behind it. That costs the replay nothing (it ends when its slowest processor ends) and
 * gives the slowest the pages already read and deserialised. A stream that has not moved for a second (a processor in
 * error back-off, a stream its reader no longer reads) is not waited for, and no wait is longer than five seconds.
 * A stream about to read the last page of the store does not wait: that is a processor that has caught up asking for
 * new events while another one replays, and waiting only held those events back (and its own shutdown, which made a
 * replay request take seconds).
 */
final class CatchUpPages {

    private static final Object FROM_THE_START = new Object();
    private static final Duration STALLED = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final EventStorageEngine storage;
    private final int pageSize;
    private final int maxPages;
    private final Map<Object, CompletableFuture<List<TrackedEventMessage<?>>>> pages;
    private final long leadEvents;
    private final long stalledNanos;
    private final Set<PagedSpliterator> walkers = ConcurrentHashMap.newKeySet();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong shared = new AtomicLong();
    /** The position of the store's head when last asked. */
    private volatile long knownHead = -1;

    /**
     * @param pageSize events per page (the event store's batch size: one query per page)
     * @param maxPages pages kept at most; 0 keeps none (every stream reads on its own)
     */
    CatchUpPages(EventStorageEngine storage, int pageSize, int maxPages) {
        this(storage, pageSize, maxPages, STALLED);
    }

    CatchUpPages(EventStorageEngine storage, int pageSize, int maxPages, Duration stalled) {
        if (pageSize < 1 || maxPages < 0) {
            throw new IllegalArgumentException("page size must be positive and kept pages not negative, were "
                    + pageSize + " and " + maxPages);
        }
        this.storage = storage;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
        this.leadEvents = (long) Math.max(1, maxPages / 2) * pageSize;
        this.stalledNanos = stalled.toNanos();
        this.pages = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, CompletableFuture<List<TrackedEventMessage<?>>>> eldest) {
                return size() > maxPages;
            }
        };
    }

    /** The events after {@code token} (null: from the start), page by page, until a read finds none. */
    Stream<TrackedEventMessage<?>> eventsAfter(TrackingToken token) {
        if (maxPages == 0) {
            return storage.readEvents(token, false).map(event -> event);
        }
        PagedSpliterator walker = new PagedSpliterator(token);
        walkers.add(walker);
        return StreamSupport.stream(walker, false).onClose(() -> stopWalking(walker));
    }

    /** Once no stream is behind the head any more (a replay has caught up), the kept pages are only memory. */
    private void stopWalking(PagedSpliterator walker) {
        walkers.remove(walker);
        if (walkers.isEmpty()) {
            synchronized (pages) {
                pages.clear();
            }
        }
    }

    /** Events per page: one read of the store. */
    int pageSize() {
        return pageSize;
    }

    /** Pages read from the storage engine, and pages handed over from those kept (for tests and diagnostics). */
    long[] readAndShared() {
        return new long[] {reads.get(), shared.get()};
    }

    private List<TrackedEventMessage<?>> pageAfter(TrackingToken token, PagedSpliterator walker) {
        Object key = Objects.requireNonNullElse(token, FROM_THE_START);
        CompletableFuture<List<TrackedEventMessage<?>>> page;
        synchronized (pages) {
            page = pages.get(key);
        }
        if (page == null) {
            waitForFollowers(walker);
        }
        boolean toRead;
        synchronized (pages) {
            page = pages.get(key);
            toRead = page == null;
            if (toRead) {
                page = new CompletableFuture<>();
                pages.put(key, page);
            }
        }
        if (!toRead) {
            shared.incrementAndGet();
            try {
                return page.join();
            } catch (CompletionException failedElsewhere) {
                return read(token); // the failure belongs to the stream that read; this one tries for itself
            }
        }
        try {
            List<TrackedEventMessage<?>> events = read(token);
            if (events.isEmpty()) {
                forget(key, page);
            }
            page.complete(events);
            return events;
        } catch (RuntimeException | Error e) {
            forget(key, page);
            page.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Waits while another moving stream is more than {@link #leadEvents} behind this one, unless this one is about to
     * read the last page of the store: the newest events, which its processor is waiting for, and which no stream far
     * behind will ask for soon.
     */
    private void waitForFollowers(PagedSpliterator leader) {
        if (!isFarAhead(leader) || readsTheLastPage(leader)) {
            return;
        }
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        while (isFarAhead(leader) && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }

    /** Asks the store for its head only when the stream's next page may reach it (the head only moves on). */
    private boolean readsTheLastPage(PagedSpliterator walker) {
        long pageEnd = walker.position + pageSize;
        if (pageEnd < knownHead) {
            return false;
        }
        TrackingToken head = storage.createHeadToken();
        knownHead = Math.max(knownHead, head == null ? 0 : head.position().orElse(0));
        return pageEnd >= knownHead;
    }

    private boolean isFarAhead(PagedSpliterator leader) {
        long movingSince = System.nanoTime() - stalledNanos;
        for (PagedSpliterator other : walkers) {
            if (other != leader && other.lastMoved - movingSince > 0 && leader.position - other.position > leadEvents) {
                return true;
            }
        }
        return false;
    }

    private List<TrackedEventMessage<?>> read(TrackingToken token) {
        reads.incrementAndGet();
        try (Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(token, false)) {
            return List.copyOf(events.limit(pageSize).toList());
        }
    }

    private void forget(Object key, CompletableFuture<List<TrackedEventMessage<?>>> page) {
        synchronized (pages) {
            pages.remove(key, page);
        }
    }

    /** One stream's walk over the pages: the next page is asked for after the last event handed out. */
    private final class PagedSpliterator extends Spliterators.AbstractSpliterator<TrackedEventMessage<?>> {

        private TrackingToken last;
        private List<TrackedEventMessage<?>> page = List.of();
        private int next;
        /** The global index of the last event handed out, and when: read by the streams that may wait for this one. */
        private volatile long position;
        private volatile long lastMoved = System.nanoTime();

        PagedSpliterator(TrackingToken start) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.last = start;
            this.position = positionOf(start);
        }

        @Override
        public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
            if (next == page.size()) {
                page = pageAfter(last, this); // after an empty page, asking again reads again, as the store's own stream does
                next = 0;
                if (page.isEmpty()) {
                    return false;
                }
            }
            TrackedEventMessage<?> event = page.get(next++);
            last = event.trackingToken();
            position = positionOf(last);
            lastMoved = System.nanoTime();
            action.accept(event);
            return true;
        }

        private static long positionOf(TrackingToken token) {
            return token == null ? 0 : token.position().orElse(0);
        }
    }
}
