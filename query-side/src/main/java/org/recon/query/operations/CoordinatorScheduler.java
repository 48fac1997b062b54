package org.recon.query.operations;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The thread of a processor's coordinator, which reads the event stream and hands events to its work packages.
 * <p>
 * Axon 4.13's coordinator reads at most 1,024 events ahead of a work package ({@code WorkPackage.BUFFER_SIZE}) and,
 * when a buffer is full, looks again only after a fixed 100 ms ({@code Coordinator.CoordinationTask#run}; neither is
 * configurable, AxonFramework issue #3493). While a processor catches up, its worker empties a full buffer in about
 * 40 ms and then waits for the rest of the pause: every processor was held to roughly 10,000 events a second however
 * much CPU was free (BENCHMARKS.md, eighth session). This executor shortens that one pause; every other delay the
 * coordinator asks for (token claims, error back-off, polling a stream without callbacks) is kept as asked: none of
 * them is 100 ms with {@link ProjectionProcessing}'s settings (claims every second, back-off from one second up).
 */
class CoordinatorScheduler extends ScheduledThreadPoolExecutor {

    /** The pause Axon's coordinator takes when a work package's buffer is full. */
    static final Duration AXON_FULL_BUFFER_PAUSE = Duration.ofMillis(100);

    /** Short enough that a worker finishing a batch of 500 finds its buffer topped up again. */
    static final Duration FULL_BUFFER_PAUSE = Duration.ofMillis(5);

    CoordinatorScheduler(ThreadFactory threads) {
        super(1, threads);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (unit.toMillis(delay) == AXON_FULL_BUFFER_PAUSE.toMillis()) {
            return super.schedule(command, FULL_BUFFER_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return super.schedule(command, delay, unit);
    }
}
