package org.recon.command.ingest;

import jakarta.annotation.PreDestroy;
import org.recon.support.concurrent.DaemonThreads;
import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Group commit for single movements and observations. Under load a single request's cost is mostly its own
 * transaction (receipt look-up and insert, aggregate load, append, commit, unit of work); concurrent single
 * requests of one kind, system and actor are therefore decided together, through the batch path's chunk
 * ({@link ChunkDecision}), and each request still gets the answer it would get alone, only after the
 * transaction that decided it has committed.
 *
 * <p>A quiet source's request never waits for company: a request whose group has a runner to spare is taken at
 * once, and alone it goes through the single path, exactly as before group commit. A busy source's request (its
 * group's previous one arrived less than {@code recon.ingest.group-linger} before it) is kept until the linger has
 * passed since its arrival, or a chunk is full, so that the requests arriving meanwhile share its transaction
 * ({@link #lingerForCompany}). Requests that arrive while their group's chunks run queue up, and the next runner
 * takes them together, oldest first, up to {@code recon.ingest.batch-chunk-size}. The items of a chunk need
 * distinct eventIds: a request whose eventId is already in the chunk, or in a running one, stays queued until that
 * one is decided, and then answers {@code DUPLICATE} or 409 as it would have alone. If a chunk fails as a whole,
 * {@link ChunkDecision} takes its items one by one, and a failure reaches only the requests it belongs to (an
 * unreachable database: every request of the chunk, as a 503).
 *
 * <p>Why a small pool of runners ({@code recon.ingest.group-parallelism}) and not leader/follower (the request
 * thread that finds no leader drains the queue): the pool bounds the chunks in flight over all groups by its
 * size, with no leadership to hand from one request thread to the next; no request waits for chunks that are
 * not its own (a leader would, or would have to hand over); and the pool's queue is the fairness between groups,
 * since a runner takes one chunk and then puts its group at the back. What it costs is one hand-over between
 * threads per chunk, tens of microseconds against a transaction of milliseconds.
 *
 * <p>At shutdown the requests still queued are decided on their own request threads, through the single path;
 * chunks already running complete theirs.
 */
@Component
class GroupCommit {

    /**
     * How one kind of request is decided; one instance per endpoint, as it is part of the groups' key.
     *
     * @param system  the reporting system of a valid item
     * @param eventId its eventId
     * @param chunk   all or nothing for valid items of one system with distinct eventIds, one result each
     * @param single  one valid item in its own transaction
     */
    record Kind<V>(Function<V, String> system, Function<V, String> eventId,
                   BiFunction<List<V>, String, List<IngestService.Result>> chunk,
                   BiFunction<V, String, IngestService.Result> single) {
    }

    /** Neither result nor failure (compared by identity): the request was not gathered, its own thread decides it. */
    private static final ChunkDecision.Decided NOT_GATHERED = new ChunkDecision.Decided(null, null);

    private record Key(Kind<?> kind, String system, String actor) {
    }

    /**
     * @param arrivedAt      {@link System#nanoTime()} when it was queued
     * @param expectsCompany its group's previous request arrived less than the linger before it
     */
    private record Pending<V>(V item, String eventId, CompletableFuture<ChunkDecision.Decided> answer, long arrivedAt,
                              boolean expectsCompany) {
    }

    /** The requests of one key waiting for a chunk; guarded by itself. */
    private static final class Group<V> {
        private final Kind<V> kind;
        private final String actor;
        private final ArrayDeque<Pending<V>> queue = new ArrayDeque<>();
        /** The eventIds of this group's running chunks. */
        private final Set<String> deciding = new HashSet<>();
        /** Runs of this group submitted to the pool and not yet finished. */
        private int scheduled;
        /** {@link System#nanoTime()} of the group's latest request; 0 before the first. */
        private long lastArrival;

        Group(Kind<V> kind, String actor) {
            this.kind = kind;
            this.actor = actor;
        }
    }

    /** Never emptied: one group per endpoint and API key that has sent single requests, and keys are configured. */
    private final Map<Key, Group<?>> groups = new ConcurrentHashMap<>();
    private final ExecutorService runners;
    private final int parallelism;
    private final int chunkSize;
    private final long lingerNanos;
    private volatile boolean closed;

    GroupCommit(IngestProperties properties) {
        this.parallelism = properties.groupParallelism();
        this.chunkSize = properties.batchChunkSize();
        this.lingerNanos = properties.groupLinger().toNanos();
        this.runners = Executors.newFixedThreadPool(parallelism, DaemonThreads.named("recon-group"));
    }

    /**
     * Decides one valid item, gathered with the concurrent requests of its group.
     *
     * @return its result; its failure is thrown, as the single path would throw it
     */
    <V> IngestService.Result decide(Kind<V> kind, V item, String actor) {
        @SuppressWarnings("unchecked")
        Group<V> group = (Group<V>) groups.computeIfAbsent(new Key(kind, kind.system().apply(item), actor),
                key -> new Group<>(kind, actor));
        String eventId = kind.eventId().apply(item);
        Pending<V> pending;
        boolean schedule = false;
        synchronized (group) {
            long now = System.nanoTime();
            boolean expectsCompany = group.lastArrival != 0 && now - group.lastArrival < lingerNanos;
            group.lastArrival = now;
            pending = new Pending<>(item, eventId, new CompletableFuture<>(), now, expectsCompany);
            if (closed) {
                pending.answer().complete(NOT_GATHERED);
            } else {
                group.queue.add(pending);
                schedule = group.scheduled < parallelism;
                if (schedule) {
                    group.scheduled++;
                }
                if (group.queue.size() >= chunkSize) {
                    group.notifyAll(); // a runner lingering for company has a full chunk
                }
            }
        }
        if (schedule) {
            submit(group);
        }
        // not interruptible: a request must not be answered before its chunk is decided, nor left undecided
        ChunkDecision.Decided decided = pending.answer().join();
        if (decided == NOT_GATHERED) {
            return kind.single().apply(item, actor);
        }
        return decided.resultOrThrow();
    }

    private <V> void submit(Group<V> group) {
        try {
            runners.execute(() -> run(group));
        } catch (RejectedExecutionException stopping) {
            synchronized (group) {
                group.scheduled--;
            }
            answerQueuedAlone(group);
        }
    }

    /**
     * One chunk of the group; then, if more wait, the group goes to the back of the pool's queue. A run that finds
     * only requests whose eventId is being decided ends: the run deciding it takes them up when it is done.
     */
    private <V> void run(Group<V> group) {
        List<Pending<V>> chunk = List.of();
        try {
            chunk = take(group);
            if (!chunk.isEmpty()) {
                answer(group, chunk);
            }
        } finally {
            boolean again;
            synchronized (group) {
                chunk.forEach(pending -> group.deciding.remove(pending.eventId()));
                again = !closed && !chunk.isEmpty() && !group.queue.isEmpty();
                if (!again) {
                    group.scheduled--;
                }
            }
            if (again) {
                submit(group);
            }
        }
    }

    /**
     * The oldest queued requests, up to a chunk, with distinct eventIds. A request whose eventId is in this chunk
     * or in a running one waits for a chunk after it: the earlier delivery is decided first, as it arrived first,
     * and the chunks of a group never wait for each other's receipts.
     */
    private <V> List<Pending<V>> take(Group<V> group) {
        List<Pending<V>> chunk = new ArrayList<>();
        synchronized (group) {
            lingerForCompany(group);
            Iterator<Pending<V>> queued = group.queue.iterator();
            while (queued.hasNext() && chunk.size() < chunkSize) {
                Pending<V> pending = queued.next();
                if (group.deciding.add(pending.eventId())) {
                    chunk.add(pending);
                    queued.remove();
                }
            }
        }
        return chunk;
    }

    /**
     * Like PostgreSQL's {@code commit_delay} with {@code commit_siblings}: when the oldest queued request came from a
     * source that is sending faster than one request per linger, the runner waits until the linger has passed since
     * that request arrived (or a chunk is full), so that the requests arriving meanwhile share its transaction. A
     * request from a quiet source, or one that already waited that long behind a running chunk, is taken at once.
     * Called holding the group's lock; the wait releases it.
     */
    private <V> void lingerForCompany(Group<V> group) {
        Pending<V> oldest = group.queue.peek();
        if (oldest == null || !oldest.expectsCompany()) {
            return;
        }
        long deadline = oldest.arrivedAt() + lingerNanos;
        long remaining;
        while (!closed && group.queue.size() < chunkSize && (remaining = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedWait(group, remaining);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private <V> void answer(Group<V> group, List<Pending<V>> chunk) {
        try {
            List<ChunkDecision.Decided> decided;
            if (chunk.size() == 1) {
                // the single path, as before group commit: a chunk of one would answer the same, but a failure
                // would be tried twice
                V item = chunk.get(0).item();
                decided = List.of(ChunkDecision.Decided.of(() -> group.kind.single().apply(item, group.actor)));
            } else {
                List<V> items = chunk.stream().map(Pending::item).toList();
                decided = ChunkDecision.decide(items, batch -> group.kind.chunk().apply(batch, group.actor),
                        one -> group.kind.single().apply(one, group.actor));
            }
            for (int k = 0; k < chunk.size(); k++) {
                chunk.get(k).answer().complete(decided.get(k));
            }
        } catch (RuntimeException e) {
            // not one item's failure (those are in its decision) but the runner's: its requests still get an answer
            fail(chunk, e);
        } catch (Error e) {
            fail(chunk, new IllegalStateException("a chunk of single requests failed", e));
            throw e;
        }
    }

    private static <V> void fail(List<Pending<V>> chunk, RuntimeException failure) {
        chunk.forEach(pending -> pending.answer().complete(new ChunkDecision.Decided(null, failure)));
    }

    private <V> void answerQueuedAlone(Group<V> group) {
        List<Pending<V>> queued;
        synchronized (group) {
            queued = new ArrayList<>(group.queue);
            group.queue.clear();
            group.notifyAll();
        }
        queued.forEach(pending -> pending.answer().complete(NOT_GATHERED));
    }

    /** Requests waiting in a queue (not those of running chunks). */
    int waiting() {
        int waiting = 0;
        for (Group<?> group : groups.values()) {
            synchronized (group) {
                waiting += group.queue.size();
            }
        }
        return waiting;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        closed = true;
        groups.values().forEach(this::answerQueuedAlone);
        runners.shutdown();
        // chunks already running answer their own requests; waiting lets them commit before the rest stops
        if (!runners.awaitTermination(10, TimeUnit.SECONDS)) {
            runners.shutdownNow();
        }
    }
}
