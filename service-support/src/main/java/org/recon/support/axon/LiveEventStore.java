package org.recon.support.axon;

import org.recon.support.concurrent.DaemonThreads;

import org.springframework.core.NestedExceptionUtils;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's {@link EmbeddedEventStore} whose streams tell their reader when events arrive, and which can
 * be told that another process committed events.
 * <p>
 * Axon 4.13's embedded store does not support {@code BlockingStream#setOnAvailableCallback}: a pooled
 * streaming processor that has caught up then re-reads its stream on a fixed 500 ms timer (its
 * {@code Coordinator}: "no availability callback, scheduling coordination task with delay of 500ms"),
 * whatever the store's {@code fetchDelay} or the processor's {@code tokenClaimInterval}. That timer was
 * the projection lag (0–500 ms, on average 250 ms, even on an idle system). Here every stream accepts
 * the callback, and the callbacks run as soon as the store's shared reader (its producer thread, which
 * polls the storage engine every {@code fetchDelay}) has added an event to the cache the caught-up
 * streams read from; with the callback a processor polls only every {@code tokenClaimInterval}, as a
 * fallback.
 * <p>
 * {@link #eventsCommittedElsewhere()} makes the shared reader fetch at once instead of after the rest of
 * its {@code fetchDelay} (called on a PostgreSQL notification, see {@link EventNotifications}); each
 * local commit is reported to the {@code commitListener} (which sends that notification).
 * <p>
 * A local commit wakes the shared reader at most once per wake interval, as the notifications do. Axon
 * wakes it after every commit: under load that was a read of the store, an empty read and its gap check
 * for every transaction (most of the database's queries at 1,000 movements/s), each finding the one or
 * two events just committed, for the one tracking processor of the command side, whose saga decides on
 * windows of minutes.
 * <p>
 * A stream also honours what its processor says it has no handler for ({@link TypeSkippingStream}), which Axon's
 * embedded store ignores; streams behind the head read the store through shared pages ({@link CatchUpPages}).
 * <p>
 * The shared reader is kept at the head by a stream of the store's own that follows it for as long as the store
 * runs ({@link HeadFollower}). Axon's reader only reads while some stream follows its cache, and resumes from the
 * last event it read: after every processor had fallen behind (a heavy ingest, a replay), the first to catch up
 * made it read, and cache, every event committed meanwhile, as fast as the database could hand them over, while
 * the processors that still followed the cache held the events it had read from them on (hundreds of thousands:
 * the query side ran out of memory; BENCHMARKS.md, eleventh session).
 */
public class LiveEventStore extends EmbeddedEventStore {

    private static final Logger log = LoggerFactory.getLogger(LiveEventStore.class);

    private final Wakeups wakeups;
    private final Wakeups localCommits;
    private final ScheduledExecutorService wakeUpTimer;
    private final Runnable commitListener;
    private final CatchUpPages catchUp;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final HeadFollower headFollower = new HeadFollower();

    /**
     * @param wakeIntervalMillis the least time between two wake-ups of the streams' readers (one wake-up, one batch
     *                           per processor segment, instead of one per event); 0 wakes them on every event
     * @param catchUpPages       how the streams that are behind the head read the store (see {@link CatchUpPages})
     */
    public static LiveEventStore create(EmbeddedEventStore.Builder builder, EventStorageEngine storageEngine,
                                        Runnable commitListener, long wakeIntervalMillis, CatchUp catchUpPages) {
        if (wakeIntervalMillis < 0) {
            throw new IllegalArgumentException("wake interval must not be negative, was " + wakeIntervalMillis);
        }
        // one timer for both kinds of wake-up: each task only signals and returns
        ScheduledExecutorService timer = wakeIntervalMillis == 0 ? null
                : Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("recon-event-wakeup"));
        Wakeups wakeups = new Wakeups(wakeIntervalMillis, timer);
        CatchUpPages catchUp = new CatchUpPages(storageEngine, catchUpPages.pageSize(), catchUpPages.keptPages());
        return new LiveEventStore(builder.storageEngine(new SignallingStorageEngine(storageEngine, wakeups, catchUp)),
                wakeups, new Wakeups(wakeIntervalMillis, timer), timer, commitListener, catchUp);
    }

    /**
     * How the streams that are behind the head read the store.
     *
     * @param pageSize  events per page (one query)
     * @param keptPages pages kept for the streams that follow; 0 keeps none
     */
    public record CatchUp(int pageSize, int keptPages) {
    }

    private LiveEventStore(EmbeddedEventStore.Builder builder, Wakeups wakeups, Wakeups localCommits,
                           ScheduledExecutorService wakeUpTimer, Runnable commitListener, CatchUpPages catchUp) {
        super(builder);
        this.wakeups = wakeups;
        this.localCommits = localCommits;
        this.wakeUpTimer = wakeUpTimer;
        this.commitListener = commitListener;
        this.catchUp = catchUp;
        localCommits.callbacks.add(() -> super.afterCommit(List.of()));
    }

    @Override
    public void shutDown() {
        headFollower.stop();
        if (wakeUpTimer != null) {
            wakeUpTimer.shutdownNow();
        }
        if (stopped.compareAndSet(false, true)) { // Spring and Axon's lifecycle both stop the store
            long[] pages = catchUp.readAndShared();
            log.info("streams behind the head read {} pages of the event store and took {} over from one another",
                    pages[0], pages[1]);
        }
        super.shutDown();
    }

    /** Another process committed events: fetch them now rather than after the fetch delay. */
    public void eventsCommittedElsewhere() {
        super.afterCommit(List.of());
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        localCommits.eventsArrived();
        commitListener.run();
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        headFollower.startOnce(); // with the first processor's stream: the schema is in place by then
        return new CallbackStream(new TypeSkippingStream(super.openStream(trackingToken)), wakeups.callbacks);
    }

    /**
     * No aggregate of this project is snapshotted (none has a snapshot trigger, nothing writes
     * {@code snapshot_event_entry}), so an aggregate load reads its events only: Axon would otherwise query the
     * snapshot table before every load, a round trip that can only come back empty (one per position of a batch).
     * Whoever configures a snapshotter must remove this.
     */
    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return readEvents(aggregateIdentifier, 0);
    }

    /** How many streams currently want to hear about new events (for tests and diagnostics). */
    public int listeningStreams() {
        return wakeups.callbacks.size();
    }

    /**
     * A stream of the store's own, opened at the head, that takes every event from the shared reader's cache as soon
     * as it is there: while it follows, the reader reads the newest events, a few at a time, whether or not any
     * processor follows too. It does nothing with the events, so it only falls behind the cache when its thread does
     * not run for a while (a long collection pause under heavy ingest); then it would read on through the pages like a
     * replaying stream, paced behind the replays (section 15 of DECISIONS) and leaving the reader stale again. So once
     * a second it compares the event it took with the head, and starts again at the head when it is more than a page
     * behind.
     */
    private final class HeadFollower {

        private static final long RETRY_MILLIS = 1_000;
        private static final long LAG_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

        private final Thread thread = DaemonThreads.named("recon-event-head-follower").newThread(this::follow);
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean running = true;

        void startOnce() {
            if (running && started.compareAndSet(false, true)) {
                thread.start();
            }
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        private void follow() {
            while (running) {
                try (TrackingEventStream stream = LiveEventStore.super.openStream(storageEngine().createHeadToken())) {
                    followUntilBehind(stream);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    log.warn("following the head of the event store failed ({}, caused by {}); again in {} ms", e,
                            NestedExceptionUtils.getMostSpecificCause(e), RETRY_MILLIS);
                    try {
                        Thread.sleep(RETRY_MILLIS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** Takes the events as they come; returns when stopped or when the stream is more than a page behind. */
        private void followUntilBehind(TrackingEventStream stream) throws InterruptedException {
            long checkedAt = System.nanoTime();
            while (running) {
                if (!stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                    continue;
                }
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (System.nanoTime() - checkedAt > LAG_CHECK_NANOS) {
                    checkedAt = System.nanoTime();
                    if (positionOf(storageEngine().createHeadToken()) - positionOf(event.trackingToken())
                            > catchUp.pageSize()) {
                        return;
                    }
                }
            }
        }

        private static long positionOf(TrackingToken token) {
            return token == null ? 0 : token.position().orElse(0);
        }
    }

    /**
     * Wakes the streams' readers once events have arrived, at most once per interval: at once when the last
     * wake-up is an interval ago, otherwise when the interval since it ends, and the events that arrive
     * meanwhile are read by that same wake-up. The flag is cleared before the callbacks run, so an event that
     * arrives while they run schedules the next wake-up and is never left waiting for the fallback timer.
     */
    private static final class Wakeups {

        final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
        private final long intervalNanos;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final ScheduledExecutorService timer;
        private volatile long lastWakeUp;

        /** @param timer runs the wake-ups; {@code null} (interval 0) runs them on the caller's thread at once */
        Wakeups(long intervalMillis, ScheduledExecutorService timer) {
            this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            this.lastWakeUp = System.nanoTime() - intervalNanos;
            this.timer = timer;
        }

        void eventsArrived() {
            if (timer == null) {
                runAll();
            } else if (scheduled.compareAndSet(false, true)) {
                long wait = Math.max(0, lastWakeUp + intervalNanos - System.nanoTime());
                try {
                    timer.schedule(() -> {
                        scheduled.set(false);
                        lastWakeUp = System.nanoTime();
                        runAll();
                    }, wait, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException stopped) {
                    scheduled.set(false);
                }
            }
        }

        private void runAll() {
            for (Runnable callback : callbacks) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    // a processor that cannot be woken polls on its own timer; never stop the shared reader
                }
            }
        }
    }

    /**
     * A processor's stream: Axon's own, without the events its processor has no handler for ({@link TypeSkippingStream}),
     * plus the availability callback.
     */
    private static final class CallbackStream implements TrackingEventStream {

        private final TrackingEventStream delegate;
        private final Set<Runnable> callbacks;
        private volatile Runnable callback;

        CallbackStream(TrackingEventStream delegate, Set<Runnable> callbacks) {
            this.delegate = delegate;
            this.callbacks = callbacks;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            Runnable previous = this.callback;
            if (previous != null) {
                callbacks.remove(previous);
            }
            this.callback = callback;
            callbacks.add(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable current = callback;
            if (current != null) {
                callbacks.remove(current);
            }
            delegate.close();
        }
    }

    /**
     * The storage engine, except that the events the store's shared reader fetches (the only reads with
     * {@code mayBlock}) wake the streams once each event is in the shared cache: the reader hands each
     * event to its cache before it asks the stream for the next one. The streams that are behind the head
     * (the other reads) read through the {@link CatchUpPages}.
     */
    private static final class SignallingStorageEngine implements EventStorageEngine {

        private final EventStorageEngine delegate;
        private final Wakeups wakeups;
        private final CatchUpPages catchUp;

        SignallingStorageEngine(EventStorageEngine delegate, Wakeups wakeups, CatchUpPages catchUp) {
            this.delegate = delegate;
            this.wakeups = wakeups;
            this.catchUp = catchUp;
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            if (!mayBlock) {
                return catchUp.eventsAfter(trackingToken);
            }
            Stream<? extends TrackedEventMessage<?>> events = delegate.readEvents(trackingToken, mayBlock);
            Spliterator<? extends TrackedEventMessage<?>> source = events.spliterator();
            Spliterator<TrackedEventMessage<?>> signalling =
                    new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
                        @Override
                        public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
                            return source.tryAdvance(event -> {
                                action.accept(event);
                                wakeups.eventsArrived();
                            });
                        }
                    };
            return StreamSupport.stream(signalling, false).onClose(events::close);
        }

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            delegate.appendEvents(events);
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            delegate.storeSnapshot(snapshot);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier) {
            return delegate.readEvents(aggregateIdentifier);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return delegate.readSnapshot(aggregateIdentifier);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            return delegate.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return delegate.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return delegate.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return delegate.createTokenAt(dateTime);
        }
    }
}
