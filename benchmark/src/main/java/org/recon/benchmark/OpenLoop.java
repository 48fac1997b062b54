package org.recon.benchmark;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Open-loop load: request i is due at start + i/rate whatever happened to the earlier ones, a
 * fixed pool of senders takes due requests from a queue, and each latency is measured from the
 * request's intended send time (no coordinated omission: time spent queued because the service or
 * the senders fell behind counts). Latencies in microseconds, in an HdrHistogram.
 */
final class OpenLoop {

    /** What one constant-rate step did. */
    record Result(double targetRate, double seconds, long scheduled, long ok, long errors, long dropped,
                  double elapsedSeconds, Histogram latencyMicros, Map<String, Long> errorKinds) {

        double achievedRate() {
            return ok / elapsedSeconds;
        }

        double p(double percentile) {
            return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        long totalErrors() {
            return errors + dropped;
        }
    }

    /** Judges one answer: null when it is a success, else a short error kind. */
    interface Check {
        String error(Api.Response response);
    }

    private final Api api;
    private final int senders;
    private final double maxQueueSeconds;
    private final double drainSeconds;

    OpenLoop(Api api, int senders, double maxQueueSeconds, double drainSeconds) {
        this.api = api;
        this.senders = senders;
        this.maxQueueSeconds = maxQueueSeconds;
        this.drainSeconds = drainSeconds;
    }

    /** Default check for single movements: 200 with an accepted status. */
    static String singleMovementError(Api.Response r) {
        if (r.statusCode() != 200) {
            return "HTTP " + r.statusCode();
        }
        String body = r.body();
        if (body.contains("\"APPLIED\"") || body.contains("\"ACKNOWLEDGED\"")) {
            return null;
        }
        return body.contains("\"PARKED\"") ? "PARKED" : "unexpected status";
    }

    Result run(double rate, double seconds, LongFunction<Api.Request> request, Check check) throws InterruptedException {
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, Long> errorKinds = new ConcurrentHashMap<>();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(senders, senders, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), Api.daemon("sender"));
        pool.prestartAllCoreThreads();
        long total = Math.round(rate * seconds);
        long maxQueued = Math.max(senders, Math.round(rate * maxQueueSeconds));
        double nanosPerRequest = 1e9 / rate;
        long dropped = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * nanosPerRequest);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (pool.getQueue().size() > maxQueued) {
                // the senders are more than maxQueueSeconds behind: the step has already failed
                dropped++;
                continue;
            }
            final long n = i;
            pool.execute(() -> {
                String error;
                try {
                    Api.Response response = api.send(request.apply(n));
                    error = check.error(response);
                } catch (java.net.SocketTimeoutException e) {
                    error = "timeout";
                } catch (Exception e) {
                    error = e.getClass().getSimpleName();
                }
                long micros = (System.nanoTime() - intended) / 1000;
                latency.recordValue(Math.min(Math.max(micros, 0), latency.getHighestTrackableValue()));
                if (error == null) {
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    errorKinds.merge(error, 1L, Long::sum);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination((long) (drainSeconds * 1000), TimeUnit.MILLISECONDS)) {
            dropped += pool.shutdownNow().size();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            errorKinds.merge("not sent before the drain timeout", 1L, Long::sum);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (dropped > 0) {
            errorKinds.merge("dropped (sender queue > " + maxQueueSeconds + " s behind)", dropped, Long::sum);
        }
        return new Result(rate, seconds, total, ok.get(), errors.get(), dropped, elapsed, latency.copy(), errorKinds);
    }
}
