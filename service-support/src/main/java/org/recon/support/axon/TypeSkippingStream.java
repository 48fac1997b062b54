package org.recon.support.axon;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A processor's stream that leaves out the events its processor said it has no handler for
 * ({@link #skipMessagesWithPayloadTypeOf}), except the last event available: that one is delivered all the same, so
 * that the processor's token still reaches the head of the store.
 * <p>
 * Why: Axon's processors tell their stream which payload types none of their handlers takes, and Axon's embedded
 * store ignores it. A pooled processor then queues every such event for its worker, counts its queue (by walking
 * it) before each one, wakes the worker and advances the token event by event: in a replay of a store that is mostly
 * movements, three of the six projections handle none of them and did all that for every event.
 * <p>
 * Why the last one is delivered: a processor's token only moves with the events it is given. Without it, a processor
 * whose last events were all of skipped types would keep a token behind the head, and read as lagging, or as still
 * replaying, until an event it handles arrived. Skipping only events that something follows keeps the token at most
 * one burst of skipped events behind while the stream is read, and at the head whenever the stream has been read to
 * its end. A skipped event is read again after a restart (the stored token may be before it) and skipped again.
 * <p>
 * Why one in {@value #MOST_SKIPPED_IN_A_ROW} skipped events in a row is delivered all the same: while a processor
 * catches up through a long run of events it does not handle (a replay, or the end of a heavy ingest, where nearly every
 * event is a movement), "one burst" is the whole run, and its token stayed at the last event it handled until it
 * reached the head: the processor read as lagging by the whole run, and a restart read the run again.
 * <p>
 * Read by one thread at a time, the processor's (as Axon reads its streams).
 */
final class TypeSkippingStream implements TrackingEventStream {

    /** Skipped events in a row after which the next one is delivered all the same. */
    static final int MOST_SKIPPED_IN_A_ROW = 1_000;

    private final TrackingEventStream delegate;
    private final Set<Class<?>> skippedTypes = ConcurrentHashMap.newKeySet();
    /** A skipped event taken from the delegate and then kept for delivery, because nothing followed it. */
    private TrackedEventMessage<?> lastOfSkipped;
    private int skippedInARow;

    TypeSkippingStream(TrackingEventStream delegate) {
        this.delegate = delegate;
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
        skippedTypes.add(ignoredMessage.getPayloadType());
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
        if (lastOfSkipped != null) {
            return true;
        }
        if (!delegate.hasNextAvailable(timeout, unit)) {
            return false;
        }
        while (true) {
            TrackedEventMessage<?> next = delegate.peek().orElseThrow();
            if (!isSkippedNow(next)) {
                return true;
            }
            delegate.nextAvailable();
            skippedInARow++;
            if (!delegate.hasNextAvailable()) {
                lastOfSkipped = next;
                return true;
            }
        }
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
        if (lastOfSkipped != null) {
            TrackedEventMessage<?> kept = lastOfSkipped;
            lastOfSkipped = null;
            skippedInARow = 0;
            return kept;
        }
        while (true) {
            TrackedEventMessage<?> next = delegate.nextAvailable();
            if (!isSkippedNow(next) || !delegate.hasNextAvailable()) {
                skippedInARow = 0;
                return next;
            }
            skippedInARow++;
        }
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
        if (!hasNextAvailable()) {
            return Optional.empty();
        }
        return lastOfSkipped != null ? Optional.of(lastOfSkipped) : delegate.peek();
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
        return delegate.setOnAvailableCallback(callback);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Skipped, unless it is the one let through after {@link #MOST_SKIPPED_IN_A_ROW} skipped in a row. */
    private boolean isSkippedNow(TrackedEventMessage<?> event) {
        return isSkipped(event) && skippedInARow < MOST_SKIPPED_IN_A_ROW;
    }

    private boolean isSkipped(TrackedEventMessage<?> event) {
        return !skippedTypes.isEmpty() && skippedTypes.contains(event.getPayloadType());
    }
}
