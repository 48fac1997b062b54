package org.recon.benchmark;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every scenario of issue 6 against running services and writes results/&lt;UTC&gt;.md and .json.
 * Started by benchmark/run.sh, which owns the processes; options are {@code --name=value}, see
 * {@link Options}.
 */
public final class BenchmarkMain {

    /** Options, each overridable as {@code --name=value}. */
    static final class Options {
        final Map<String, String> values = new LinkedHashMap<>();

        Options(String[] args) {
            values.put("command-url", "http://127.0.0.1:8080");
            values.put("query-url", "http://127.0.0.1:8081");
            values.put("db-url", "");
            values.put("db-user", "postgres");
            values.put("db-password", "postgres");
            values.put("command-pid", "");
            values.put("query-pid", "");
            values.put("pg-data-dir", "");
            values.put("results-dir", "benchmark/results");
            values.put("java-version", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            values.put("rates", "100,250,500,1000,2000,4000,8000");
            values.put("step-seconds", "20");
            values.put("refine", "true");
            values.put("refine-steps", "2");
            values.put("warmup-rate", "200");
            values.put("warmup-seconds", "30");
            values.put("warmup-max-seconds", "300");
            values.put("warmup-jit-cores", "0.1");
            values.put("latency-seconds", "30");
            values.put("p99-limit-ms", "500");
            values.put("senders", "64");
            values.put("skus", "1000");
            values.put("locations", "10");
            values.put("batch-size", "500");
            values.put("batch-clients", "4");
            values.put("batch-seconds", "20");
            values.put("lag-interval-ms", "100");
            values.put("lag-method", "read-model");
            values.put("lag-poll-ms", "");
            values.put("asof-events", "10000");
            values.put("asof-samples", "50");
            values.put("replay-events", "100000");
            values.put("replay-timeout-seconds", "600");
            values.put("replay-vacuum-first", "true");
            values.put("raw-max-rows", "200000");
            values.put("scenarios", "single,latency,batch,asof,replay,raw,check");
            values.put("check-timeout-seconds", "1800");
            values.put("service-java-opts", "");
            values.put("service-overrides", "");
            for (String arg : args) {
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("options are --name=value: " + arg);
                }
                String name = arg.substring(2, arg.indexOf('='));
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; known: " + values.keySet());
                }
                values.put(name, arg.substring(arg.indexOf('=') + 1));
            }
        }

        String s(String name) {
            return values.get(name);
        }

        int i(String name) {
            return Integer.parseInt(values.get(name));
        }

        double d(String name) {
            return Double.parseDouble(values.get(name));
        }
    }

    private final Options o;
    private final Api api;
    private final RawLimit raw;
    private final OpenLoop openLoop;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong positionCounter = new AtomicLong();
    private MemorySampler memory;
    private CpuMeter cpu;

    private BenchmarkMain(Options o) {
        this.o = o;
        String runId = DateTimeFormatter.ofPattern("MMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        this.api = new Api(o.s("command-url"), o.s("query-url"), runId, o.i("skus"), o.i("locations"),
                java.time.Duration.ofSeconds(30));
        this.raw = o.s("db-url").isEmpty() ? null : new RawLimit(o.s("db-url"), o.s("db-user"), o.s("db-password"));
        this.openLoop = new OpenLoop(api, o.i("senders"), 5.0, 60.0);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("hotspots")) {
            JfrHotspots.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("report")) {
            Report.rewrite(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("row-writes")) {
            RowWrites.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        new BenchmarkMain(new Options(args)).run();
        System.exit(0);
    }

    private void say(String line) {
        String stamped = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                + "  " + line;
        System.out.println(stamped);
        System.out.flush();
        log.add(stamped);
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        results.put("date", started.toString());
        results.put("machine", machine());
        Map<String, String> recorded = new LinkedHashMap<>(o.values);
        recorded.replace("db-password", "(not recorded)");
        results.put("options", recorded);
        Map<String, Long> pids = new LinkedHashMap<>();
        if (!o.s("command-pid").isEmpty()) {
            pids.put("command-side", Long.parseLong(o.s("command-pid")));
        }
        if (!o.s("query-pid").isEmpty()) {
            pids.put("query-side", Long.parseLong(o.s("query-pid")));
        }
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("command-side", o.s("command-url"));
        urls.put("query-side", o.s("query-url"));
        memory = new MemorySampler(api, pids, urls);
        // interrupted (Ctrl-C, SIGTERM): still write what was measured so far
        Thread partial = new Thread(() -> {
            if (!written) {
                results.put("aborted", "interrupted before the end; partial results");
                writeResults(started);
            }
        }, "partial-results");
        Runtime.getRuntime().addShutdownHook(partial);
        cpu = new CpuMeter(pids, o.s("pg-data-dir").isEmpty() ? null : Path.of(o.s("pg-data-dir")));
        try {
            List<String> scenarios = Arrays.asList(o.s("scenarios").split(","));
            preflight();
            warmUp();
            double peak = scenarios.contains("single") ? stepUp() : Double.parseDouble(o.s("rates").split(",")[0]);
            if (scenarios.contains("latency")) {
                latencyAndLag(peak);
            }
            if (scenarios.contains("batch")) {
                batch();
            }
            if (scenarios.contains("asof")) {
                asOf();
            }
            if (scenarios.contains("replay")) {
                replay();
            }
            if (scenarios.contains("raw")) {
                rawLimit();
            }
            if (scenarios.contains("check")) {
                nothingLost();
            }
            memoryFigures();
        } catch (Exception e) {
            say("benchmark aborted: " + e);
            results.put("aborted", e.toString());
            throw e;
        } finally {
            memory.close();
            writeResults(started);
        }
    }

    private volatile boolean written;

    private synchronized void writeResults(Instant started) {
        if (written) {
            return;
        }
        written = true;
        results.put("durationSeconds", java.time.Duration.between(started, Instant.now()).toSeconds());
        results.put("log", new ArrayList<>(log));
        try {
            Report.write(Path.of(o.s("results-dir")), started, results);
        } catch (Exception e) {
            System.err.println("could not write the results: " + e);
        }
    }

    private Map<String, Object> machine() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        String cpu = "unknown";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        m.put("cpu", cpu);
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                m.put("memoryGiB", Math.round(kb / 1024.0 / 1024.0 * 10) / 10.0);
            }
        }
        m.put("java", o.s("java-version"));
        m.put("serviceJavaOpts", o.s("service-java-opts"));
        m.put("serviceOverrides", o.s("service-overrides").isBlank() ? "none" : o.s("service-overrides"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        double[] load = new double[3];
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            m.put("loadAverageAtStart", parts[0] + " " + parts[1] + " " + parts[2]);
        } catch (Exception e) {
            m.put("loadAverageAtStart", Arrays.toString(load));
        }
        m.put("database", o.s("db-url").isEmpty() ? "unknown (no --db-url)" : o.s("db-url"));
        return m;
    }

    private long events() {
        try {
            return raw == null ? -1 : raw.scalar("select count(*) from domain_event_entry");
        } catch (Exception e) {
            return -1;
        }
    }

    private boolean statisticsTaken;

    /**
     * PostgreSQL's statistics after every backend has flushed its counters (an idle backend flushes
     * within 10 s, a busy one about every second): taken only around the first step and the batch run.
     */
    private Map<String, Long> settledStatistics() throws InterruptedException {
        Thread.sleep(11_000);
        return statistics();
    }

    /** The database's work per unit since {@code before}, once its statistics have settled again. */
    private void putDatabaseWork(Map<String, Object> m, Map<String, Long> before, double units)
            throws InterruptedException {
        Map<String, Long> after = settledStatistics();
        if (before != null && after != null) {
            m.put("databaseWorkPerMovement", RawLimit.perUnit(before, after, units));
        }
    }

    private Map<String, Long> statistics() {
        try {
            return raw == null ? null : raw.statistics();
        } catch (Exception e) {
            return null;
        }
    }

    private Api.Request nextSingle() {
        long n = positionCounter.getAndIncrement();
        return api.postMovement(api.movement(skuOf(n), locationOf(n), 1));
    }

    // the n-th movement's position: sku = n mod skus, location shifts by one every pass, so the first pass
    // registers every code and skus x locations passes visit every position
    private String skuOf(long n) {
        return "B" + api.runId + "-SKU-" + (n % o.i("skus"));
    }

    private String locationOf(long n) {
        return "B" + api.runId + "-LOC-" + ((n + n / o.i("skus")) % o.i("locations"));
    }

    // ---------------------------------------------------------------- scenario 0: warm-up

    /** One movement and one batch of one must be accepted, or nothing else is worth measuring. */
    private void preflight() throws Exception {
        Api.Response single = api.send(nextSingle());
        String error = OpenLoop.singleMovementError(single);
        if (error != null) {
            throw new IllegalStateException("the command side does not accept a movement (POST /api/v1/movements: "
                    + error + " " + single.body() + ")");
        }
        Api.Response batch = api.send(api.postBatch(api.batch(List.of(api.movement(0)))));
        if (batch.statusCode() != 200 || Api.rejectedItems(batch.body()) != 0) {
            throw new IllegalStateException("the command side does not accept a batch (POST /api/v1/movements/batch: HTTP "
                    + batch.statusCode() + " " + batch.body() + ")");
        }
        say("preflight: a movement and a batch were accepted");
    }

    private void warmUp() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> readPositions(stop), "warm-up-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            warmUpIngest();
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
    }

    /**
     * Reads positions from the query side, 50 a second, while the warm-up runs: the lag probe reads a position through
     * the API after each marker, and a path the warm-up never took is compiled during the measurement (in the fifteenth
     * session the query side's CPU in the lag run was three times the latency run's, for six reads a second).
     */
    private void readPositions(AtomicBoolean stop) {
        long skus = o.i("skus");
        while (!stop.get()) {
            long n = Math.max(0, positionCounter.get() - 1 - (long) (Math.random() * Math.min(skus, positionCounter.get())));
            String url = api.queryUrl + "/api/v1/positions/" + skuOf(n) + "/" + locationOf(n);
            try {
                api.send(api.get(url, Api.REPORTER_KEY));
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a read that failed warms nothing; the measured scenarios report their own errors
            }
        }
    }

    private void warmUpIngest() throws Exception {
        memory.phase("warm-up");
        say("warm-up: " + o.s("warmup-rate") + "/s for " + o.s("warmup-seconds") + " s (registers the SKUs and locations)");
        // one movement per SKU first, sequentially enough not to race two registrations of one code
        OpenLoop.Result r = openLoop.run(o.d("warmup-rate"), o.d("warmup-seconds"), i -> nextSingle(),
                OpenLoop::singleMovementError);
        say(String.format(Locale.ROOT, "warm-up: %d ok, %d errors %s, p99 %.1f ms", r.ok(), r.totalErrors(),
                r.errorKinds(), r.p(99)));
        Map<String, Object> m = stepMap(r, 0, 0);
        results.put("warmUp", m);
        // on a slow machine the JIT compilers are still busy long after 30 s (in the thirteenth session the command
        // side's used 0.3 to 0.56 of a core for two minutes): the ladder's first steps would measure compilation, not
        // the service. Go on in rounds of 10 s until no service's compilers used more than warmup-jit-cores.
        double seconds = o.d("warmup-seconds");
        List<Map<String, Object>> rounds = new ArrayList<>();
        Map<String, Double> before = cpu.compilerSeconds();
        while (seconds < o.d("warmup-max-seconds") && !before.isEmpty()) {
            OpenLoop.Result round = openLoop.run(o.d("warmup-rate"), 10, i -> nextSingle(), OpenLoop::singleMovementError);
            Map<String, Double> after = cpu.compilerSeconds();
            seconds += 10;
            Map<String, Object> compiling = new LinkedHashMap<>();
            double busiest = 0;
            for (String service : after.keySet()) {
                double cores = (after.get(service) - before.getOrDefault(service, 0.0)) / round.elapsedSeconds();
                compiling.put(service, Math.round(cores * 1000) / 1000.0);
                busiest = Math.max(busiest, cores);
            }
            rounds.add(Map.of("jitCores", compiling, "p99Millis", round.p(99), "errors", round.totalErrors()));
            say(String.format(Locale.ROOT, "warm-up: %.0f s, JIT compilers %s cores, p99 %.1f ms", seconds, compiling,
                    round.p(99)));
            if (busiest <= o.d("warmup-jit-cores")) {
                break;
            }
            before = after;
        }
        m.put("totalSeconds", seconds);
        m.put("roundsAfterTheFirst", rounds);
    }

    // ---------------------------------------------------------------- scenario 1: peak single-movement rate

    private double stepUp() throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        double peak = 0;
        double firstFailed = 0;
        List<Double> rates = new ArrayList<>();
        for (String r : o.s("rates").split(",")) {
            rates.add(Double.parseDouble(r.trim()));
        }
        Map<String, Object> peakStep = null;
        for (double rate : rates) {
            Map<String, Object> step = step(rate);
            steps.add(step);
            if (!Boolean.TRUE.equals(step.get("passed")) && steps.size() == 1) {
                // the first step still pays for JIT compilation and cold caches: it gets a second try
                step = step(rate);
                step.put("phase", step.get("phase") + " (second try)");
                steps.add(step);
            }
            if (Boolean.TRUE.equals(step.get("passed"))) {
                peak = rate;
                peakStep = step;
            } else {
                firstFailed = rate;
                break;
            }
        }
        // bisect between the highest step that passed and the lowest that failed
        int refinements = o.s("refine").equals("true") ? o.i("refine-steps") : 0;
        for (int k = 0; k < refinements && peak > 0 && firstFailed > 0; k++) {
            double mid = Math.round((peak + firstFailed) / 2 / 50) * 50.0;
            if (mid <= peak || mid >= firstFailed) {
                break;
            }
            Map<String, Object> step = step(mid);
            steps.add(step);
            if (Boolean.TRUE.equals(step.get("passed"))) {
                peak = mid;
                peakStep = step;
            } else {
                firstFailed = mid;
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("criterion", "0 errors, p99 <= " + o.s("p99-limit-ms") + " ms, completed >= 95% of the arrival rate");
        s.put("steps", steps);
        s.put("peakRate", peak);
        s.put("peakStep", peakStep == null ? null : peakStep.get("phase"));
        s.put("peakEventsPerSecond", peakStep == null ? null : peakStep.get("eventsPerSecond"));
        s.put("peakEventsWritten", peakStep == null ? null : peakStep.get("eventsWritten"));
        s.put("eventsPerMovement", peakStep == null ? null : peakStep.get("eventsPerMovement"));
        results.put("singleIngest", s);
        say("peak single-movement rate with 0 errors: " + peak + "/s");
        return peak == 0 ? rates.get(0) : peak;
    }

    private Map<String, Object> step(double rate) throws Exception {
        String phase = "step " + (long) rate + "/s";
        memory.phase(phase);
        boolean first = !statisticsTaken;
        statisticsTaken = true;
        Map<String, Long> statsBefore = first ? settledStatistics() : null;
        long before = events();
        Map<String, Double> cpuBefore = cpu.snapshot();
        OpenLoop.Result r = openLoop.run(rate, o.d("step-seconds"), i -> nextSingle(), OpenLoop::singleMovementError);
        Map<String, Double> cpuAfter = cpu.snapshot();
        long after = events();
        boolean passed = r.totalErrors() == 0 && r.p(99) <= o.d("p99-limit-ms") && r.ok() >= 0.95 * r.scheduled();
        Map<String, Object> m = stepMap(r, before, after);
        m.put("phase", phase);
        m.put("passed", passed);
        m.put("cpu", CpuMeter.delta(cpuBefore, cpuAfter, r.ok()));
        m.put("memory", memoryMap(memory.peaks(phase)));
        say(String.format(Locale.ROOT, "%s: %s, ok %d/%d, errors %d %s, achieved %.0f/s, p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms",
                phase, passed ? "PASS" : "FAIL", r.ok(), r.scheduled(), r.totalErrors(), r.errorKinds(), r.achievedRate(),
                r.p(50), r.p(99), r.p(99.9), r.latencyMicros().getMaxValue() / 1000.0));
        // let a backlog (queues, lagging processors) settle before the next step
        Thread.sleep(passed ? 2000 : 10000);
        if (first) {
            // includes the query side's work on the same database while the step ran and settled
            putDatabaseWork(m, statsBefore, r.ok());
        }
        return m;
    }

    private Map<String, Object> stepMap(OpenLoop.Result r, long eventsBefore, long eventsAfter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("targetRate", r.targetRate());
        m.put("seconds", r.seconds());
        m.put("scheduled", r.scheduled());
        m.put("ok", r.ok());
        m.put("errors", r.totalErrors());
        m.put("errorKinds", new LinkedHashMap<>(r.errorKinds()));
        m.put("achievedRate", r.achievedRate());
        m.put("latencyMs", percentiles(r.latencyMicros()));
        if (eventsBefore >= 0 && eventsAfter >= 0 && eventsAfter > eventsBefore) {
            m.put("eventsWritten", eventsAfter - eventsBefore);
            m.put("eventsPerMovement", r.ok() == 0 ? null : (double) (eventsAfter - eventsBefore) / r.ok());
            m.put("eventsPerSecond", (eventsAfter - eventsBefore) / r.elapsedSeconds());
        }
        return m;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (h.getTotalCount() == 0) {
            return m;
        }
        m.put("count", h.getTotalCount());
        m.put("p50", h.getValueAtPercentile(50) / 1000.0);
        m.put("p90", h.getValueAtPercentile(90) / 1000.0);
        m.put("p99", h.getValueAtPercentile(99) / 1000.0);
        m.put("p99.9", h.getValueAtPercentile(99.9) / 1000.0);
        m.put("max", h.getMaxValue() / 1000.0);
        m.put("mean", h.getMean() / 1000.0);
        return m;
    }

    // ---------------------------------------------------------------- scenarios 2 and 4: latency at 50%/80%, lag at 50%

    private void latencyAndLag(double peak) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        // 50 % and 80 % measure latency alone; a third run at 50 % carries the projection-lag probe,
        // whose polling of the query side would otherwise take CPU from the latency figure
        for (int pct : new int[]{50, 80, -50}) {
            boolean lagRun = pct < 0;
            pct = Math.abs(pct);
            double rate = Math.max(1, Math.round(peak * pct / 100.0));
            String phase = (lagRun ? "projection lag at " : "latency at ") + pct + "% (" + (long) rate + "/s)";
            // the run before (80 %, near the peak on a slow machine) can leave the projections behind; its backlog is
            // not this run's load, and would be measured as this run's lag
            double settled = projectionsAtHead();
            memory.phase(phase);
            LagProbe probe = lagRun ? new LagProbe() : null;
            Thread probeThread = null;
            if (probe != null && probe.available()) {
                probeThread = new Thread(probe, "lag-probe");
                probeThread.setDaemon(true);
                probeThread.start();
            }
            // the database's work per movement at the 50 % point, where the latency target applies
            boolean measureDatabase = pct == 50 && !lagRun;
            Map<String, Long> statsBefore = measureDatabase ? settledStatistics() : null;
            long before = events();
            Map<String, Double> cpuBefore = cpu.snapshot();
            OpenLoop.Result r = openLoop.run(rate, o.d("latency-seconds"), i -> nextSingle(), OpenLoop::singleMovementError);
            Map<String, Double> cpuAfter = cpu.snapshot();
            long after = events();
            Map<String, Object> m = stepMap(r, before, after);
            m.put("phase", phase);
            m.put("projectionsAtHeadAfterSeconds", settled);
            m.put("cpu", CpuMeter.delta(cpuBefore, cpuAfter, r.ok()));
            if (measureDatabase) {
                putDatabaseWork(m, statsBefore, r.ok());
            }
            s.put((lagRun ? "lag run " : "") + pct + "%", m);
            say(String.format(Locale.ROOT, "%s: ok %d/%d, errors %d %s, p50 %.1f p99 %.1f p99.9 %.1f ms", phase, r.ok(),
                    r.scheduled(), r.totalErrors(), r.errorKinds(), r.p(50), r.p(99), r.p(99.9)));
            if (probe != null) {
                if (probeThread != null) {
                    probe.stop.set(true);
                    probeThread.join(30_000);
                }
                results.put("projectionLag", probe.result(rate));
            }
            Thread.sleep(2000);
        }
        results.put("latency", s);
    }

    /** Waits (at most 120 s) until every processor of the query side is at the head: the seconds it took (NaN: no admin endpoint). */
    private double projectionsAtHead() throws Exception {
        String url = api.queryUrl + "/api/v1/admin/processors";
        if (api.send(api.get(url, Api.ADMIN_KEY)).statusCode() != 200) {
            return Double.NaN;
        }
        Map<String, Double> done = waitForProcessors(url, 120, null);
        double seconds = done.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (seconds >= 1) {
            say(String.format(Locale.ROOT, "the projections reached the head after %.1f s", seconds));
        }
        return seconds;
    }

    /**
     * Commit → visible on the query side, for a marker position, while the 50% load runs. By default the probe watches
     * the position's row in the read model over JDBC (one primary-key read every {@code lag-poll-ms}) and, once the
     * row shows the marker, asks the query side's API once to confirm: polling the API instead ({@code --lag-method=api},
     * the method of the first fourteen sessions) costs the query side a request of its web stack, JPA and JSON every
     * few milliseconds, which on two slow cores took a quarter of the machine and pushed the "50 %" run to full load.
     */
    private final class LagProbe implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final ConcurrentHistogram fromAck = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        final ConcurrentHistogram fromSend = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        final ConcurrentHistogram throughApi = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        final String sku = "B" + api.runId + "-LAG";
        final String location = "B" + api.runId + "-LOC-0";
        final String positionUrl = api.queryUrl + "/api/v1/positions/" + sku + "/" + location;
        final boolean readModel = o.s("lag-method").equals("read-model") && raw != null;
        final int pollMillis = o.s("lag-poll-ms").isEmpty() ? (readModel ? 2 : 5) : o.i("lag-poll-ms");
        String unavailable;
        long timeouts;
        long always404;
        long apiBehindReadModel;

        boolean available() {
            if (!o.s("lag-method").equals("read-model") && !o.s("lag-method").equals("api")) {
                throw new IllegalArgumentException("--lag-method is read-model or api: " + o.s("lag-method"));
            }
            Boolean published = api.publishes(api.queryUrl, "/api/v1/positions/{sku}/{location}");
            if (Boolean.FALSE.equals(published)) {
                unavailable = "not available: the query side does not publish GET /api/v1/positions/{sku}/{location}"
                        + " (its /v3/api-docs has no such path; the endpoint answers 404)";
                say("projection lag: " + unavailable);
                return false;
            }
            return true;
        }

        @Override
        public void run() {
            try (Connection db = readModel ? raw.connect() : null;
                 PreparedStatement row = db == null ? null
                         : db.prepareStatement("select incoming from qry_position where position_id = ?")) {
                if (row != null) {
                    row.setString(1, sku + "@" + location);
                }
                probe(row);
            } catch (SQLException e) {
                say("lag probe: " + e);
            }
        }

        private void probe(PreparedStatement row) {
            long expected = 0;
            while (!stop.get()) {
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(o.i("lag-interval-ms"));
                try {
                    long sent = System.nanoTime();
                    Api.Response r = api.send(api.postMovement(api.movement(sku, location, 1)));
                    if (OpenLoop.singleMovementError(r) != null) {
                        continue;
                    }
                    long acked = System.nanoTime();
                    long deadline = acked + TimeUnit.SECONDS.toNanos(10);
                    expected++;
                    long visible = row == null ? -1 : awaitRow(row, expected, deadline);
                    long shown = row == null || visible >= 0 ? awaitApi(expected, deadline) : -1;
                    if (row == null) {
                        visible = shown;
                    }
                    if (visible < 0) {
                        timeouts++;
                        if (always404 >= 2 && fromAck.getTotalCount() == 0) {
                            unavailable = "not available: GET /api/v1/positions/{sku}/{location} on the query side answered"
                                    + " only 404 for 10 s after the marker movement was committed";
                            say("projection lag: " + unavailable);
                            return;
                        }
                    } else {
                        fromAck.recordValue((visible - acked) / 1000);
                        fromSend.recordValue((visible - sent) / 1000);
                        if (shown >= 0) {
                            throughApi.recordValue((shown - acked) / 1000);
                        }
                    }
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    say("lag probe: " + e);
                }
            }
        }

        /** When the read model's row first showed the marker (-1: not by the deadline). */
        private long awaitRow(PreparedStatement row, long expected, long deadline) throws Exception {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = row.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= expected) {
                        return System.nanoTime();
                    }
                }
                Thread.sleep(pollMillis);
            }
            return -1;
        }

        /**
         * When the query side's API first answered with the marker (-1: not by the deadline). After the read model
         * showed it, the first answer should: one that does not is counted.
         */
        private long awaitApi(long expected, long deadline) throws Exception {
            boolean any200 = false;
            boolean first = true;
            while (System.nanoTime() < deadline) {
                Api.Response q = api.send(api.get(positionUrl, Api.REPORTER_KEY));
                if (q.statusCode() == 200) {
                    any200 = true;
                    Object incoming = Json.at(Json.parse(q.body()), "quantities", "incoming");
                    if (incoming instanceof Number n && n.longValue() >= expected) {
                        return System.nanoTime();
                    }
                }
                if (first && readModel) {
                    apiBehindReadModel++;
                }
                first = false;
                Thread.sleep(readModel ? 5 : pollMillis);
            }
            if (!any200) {
                always404++;
            }
            return -1;
        }

        Map<String, Object> result(double rate) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("loadRate", rate);
            if (unavailable != null) {
                m.put("notAvailable", unavailable);
                return m;
            }
            m.put("method", "marker movement every " + o.s("lag-interval-ms") + " ms on its own position; " + (readModel
                    ? "its row in the query side's read model (qry_position.incoming) read over JDBC every " + pollMillis
                    + " ms until it shows the marker, then GET the position on the query side to confirm"
                    : "GET the position on the query side every " + pollMillis + " ms until quantities.incoming shows it"));
            m.put("lagMethod", readModel ? "read-model" : "api");
            m.put("fromCommitAcknowledgedMs", percentiles(fromAck));
            m.put("fromRequestSentMs", percentiles(fromSend));
            if (readModel) {
                m.put("throughApiFromCommitAcknowledgedMs", percentiles(throughApi));
                m.put("apiAnswersBehindReadModel", apiBehindReadModel);
            }
            m.put("notVisibleWithin10s", timeouts);
            say(String.format(Locale.ROOT, "projection lag at %.0f/s (%s): p50 %.1f p99 %.1f ms (%d samples, %d not visible in 10 s)%s",
                    rate, readModel ? "read model" : "API", fromAck.getValueAtPercentile(50) / 1000.0,
                    fromAck.getValueAtPercentile(99) / 1000.0, fromAck.getTotalCount(), timeouts, readModel
                            ? String.format(Locale.ROOT, "; through the API p50 %.1f p99 %.1f ms, %d answers behind the read model",
                            throughApi.getValueAtPercentile(50) / 1000.0, throughApi.getValueAtPercentile(99) / 1000.0,
                            apiBehindReadModel) : ""));
            return m;
        }
    }

    // ---------------------------------------------------------------- scenario 3: batch ingest

    private Map<String, Object> closedLoopBatches(String phase, int clients, double seconds, long maxMovements,
                                                  java.util.function.Supplier<String> movement) throws Exception {
        memory.phase(phase);
        int size = o.i("batch-size");
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong failedBatches = new AtomicLong();
        AtomicLong claimed = new AtomicLong();
        boolean measureDatabase = phase.equals("batch ingest");
        Map<String, Long> statsBefore = measureDatabase ? settledStatistics() : null;
        long before = events();
        Map<String, Double> cpuBefore = cpu.snapshot();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        Map<String, Long> kinds = new java.util.concurrent.ConcurrentHashMap<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end && claimed.addAndGet(size) - size < maxMovements) {
                    List<String> items = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        items.add(movement.get());
                    }
                    long t0 = System.nanoTime();
                    try {
                        Api.Response r = api.send(api.postBatch(api.batch(items)));
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                        if (r.statusCode() != 200) {
                            failedBatches.incrementAndGet();
                            kinds.merge("HTTP " + r.statusCode(), 1L, Long::sum);
                            continue;
                        }
                        int bad = Api.rejectedItems(r.body());
                        rejected.addAndGet(bad);
                        accepted.addAndGet(size - bad);
                        if (bad > 0) {
                            kinds.merge("rejected items", (long) bad, Long::sum);
                        }
                    } catch (Exception e) {
                        failedBatches.incrementAndGet();
                        kinds.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                    }
                }
            }, "batch-client");
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuAfter = cpu.snapshot();
        long after = events();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", phase);
        m.put("cpu", CpuMeter.delta(cpuBefore, cpuAfter, accepted.get()));
        m.put("clients", clients);
        m.put("batchSize", size);
        m.put("seconds", elapsed);
        m.put("acceptedMovements", accepted.get());
        m.put("rejectedMovements", rejected.get());
        m.put("failedBatches", failedBatches.get());
        m.put("errorKinds", kinds);
        m.put("movementsPerSecond", accepted.get() / elapsed);
        m.put("batchLatencyMs", percentiles(latency));
        if (before >= 0 && after > before) {
            m.put("eventsWritten", after - before);
            m.put("eventsPerSecond", (after - before) / elapsed);
        }
        m.put("memory", memoryMap(memory.peaks(phase)));
        if (measureDatabase) {
            putDatabaseWork(m, statsBefore, accepted.get());
        }
        say(String.format(Locale.ROOT, "%s: %d movements accepted in %.1f s = %.0f/s, %d rejected, %d failed batches %s,"
                        + " batch p50 %.0f p99 %.0f ms", phase, accepted.get(), elapsed, accepted.get() / elapsed, rejected.get(),
                failedBatches.get(), kinds, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0));
        return m;
    }

    private void batch() throws Exception {
        say("batch ingest: " + o.s("batch-clients") + " clients, batches of " + o.s("batch-size") + ", " + o.s("batch-seconds") + " s");
        Map<String, Object> m = closedLoopBatches("batch ingest", o.i("batch-clients"), o.d("batch-seconds"), Long.MAX_VALUE,
                () -> {
                    long n = positionCounter.getAndIncrement();
                    return api.movement(skuOf(n), locationOf(n), 1);
                });
        results.put("batchIngest", m);
        Thread.sleep(2000);
    }

    // ---------------------------------------------------------------- scenario 6: as-of on a position with 10,000 events

    private void asOf() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("asOf", m);
        memory.phase("as-of");
        String sku = "B" + api.runId + "-ASOF";
        String location = "B" + api.runId + "-LOC-0";
        String url = api.queryUrl + "/api/v1/positions/" + sku + "/" + location + "/as-of?at=";
        Boolean published = api.publishes(api.queryUrl, "/api/v1/positions/{sku}/{location}/as-of");
        if (published == null) {
            Api.Response r = api.send(api.get(url + enc(Instant.now().toString()), Api.REPORTER_KEY));
            published = r.statusCode() != 404;
        }
        if (!published) {
            String why = "not available: the query side does not publish GET /api/v1/positions/{sku}/{location}/as-of"
                    + " (404); the 10,000-event position was not built";
            m.put("notAvailable", why);
            say("as-of: " + why);
            return;
        }
        int target = o.i("asof-events");
        say("as-of: building a position with " + target + " movements (batches of " + o.s("batch-size") + ", one client)");
        Map<String, Object> build = closedLoopBatches("as-of build", 1, 3600, target, () -> api.movement(sku, location, 1));
        m.put("build", build);
        String aggregate = null;
        long eventsOnPosition = -1;
        if (raw != null) {
            try (var c = raw.connect(); var ps = c.prepareStatement("select aggregate_identifier, count(*) from domain_event_entry"
                    + " where aggregate_identifier like ? group by 1 order by 2 desc limit 1")) {
                ps.setString(1, "%" + sku + "%");
                try (var rs = ps.executeQuery()) {
                    if (rs.next()) {
                        aggregate = rs.getString(1);
                        eventsOnPosition = rs.getLong(2);
                    }
                }
            }
        }
        m.put("eventsOnPosition", eventsOnPosition);
        m.put("aggregateIdentifier", aggregate);
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        int samples = o.i("asof-samples");
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (int i = -5; i < samples; i++) {
            long t0 = System.nanoTime();
            Api.Response r = api.send(api.get(url + enc(Instant.now().toString()), Api.REPORTER_KEY));
            long micros = (System.nanoTime() - t0) / 1000;
            if (i >= 0) {
                latency.recordValue(micros);
                statuses.merge("HTTP " + r.statusCode(), 1L, Long::sum);
            }
        }
        m.put("statuses", statuses);
        m.put("latencyMs", percentiles(latency));
        m.put("method", samples + " sequential GETs (after 5 warm-up requests) with at=now, each rebuilding the position");
        if (raw != null && aggregate != null) {
            RawLimit.Read read = raw.readAggregate(aggregate);
            m.put("rawReadOfAggregateMs", read.seconds() * 1000);
            m.put("rawReadRows", read.rows());
        }
        say(String.format(Locale.ROOT, "as-of on %d events: p50 %.1f p99 %.1f ms %s", eventsOnPosition,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0, statuses));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- scenario 5: replay every projection

    private void replay() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("replay", m);
        memory.phase("replay");
        String processorsUrl = api.queryUrl + "/api/v1/admin/processors";
        Api.Response list = api.send(api.get(processorsUrl, Api.ADMIN_KEY));
        if (list.statusCode() == 404) {
            String why = "not available: GET /api/v1/admin/processors on the query side answered 404";
            m.put("notAvailable", why);
            say("replay: " + why);
            return;
        }
        if (list.statusCode() != 200) {
            m.put("notAvailable", "GET /api/v1/admin/processors answered " + list.statusCode());
            say("replay: " + m.get("notAvailable"));
            return;
        }
        long target = o.i("replay-events");
        long have = events();
        if (have >= 0 && have < target) {
            long movements = target - have;
            say("replay: topping the event store up from " + have + " to " + target + " events with batches");
            Map<String, Object> topUp = closedLoopBatches("replay top-up", o.i("batch-clients"), 36_000, movements, () -> {
                long n = positionCounter.getAndIncrement();
                return api.movement(skuOf(n), locationOf(n), 1);
            });
            m.put("topUp", topUp);
        }
        // wait for the projections to catch up before replaying; one that does not (stalled on an
        // error) is left out of the replay and named in the results
        Map<String, Double> caughtUp = waitForProcessors(processorsUrl, 60, null);
        long eventCount = events();
        List<String> names = new ArrayList<>();
        List<String> stalled = new ArrayList<>();
        for (Object p : processorList(api.send(api.get(processorsUrl, Api.ADMIN_KEY)).body())) {
            Object name = Json.at(p, "name");
            if (name != null && caughtUp.containsKey(name.toString())) {
                names.add(name.toString());
            } else if (name != null) {
                stalled.add(name + " (position " + Json.at(p, "position") + ", head " + Json.at(p, "head") + ")");
            }
        }
        m.put("processors", names);
        if (!stalled.isEmpty()) {
            m.put("stalledBeforeReplay", stalled);
            say("replay: NOT caught up after 60 s, left out of the replay: " + stalled);
        }
        m.put("events", eventCount);
        say("replay: " + eventCount + " events, processors " + names);
        if (eventCount <= 0 || names.isEmpty()) {
            m.put("notAvailable", "nothing to replay (" + eventCount + " events, processors " + names + ")");
            say("replay: " + m.get("notAvailable"));
            return;
        }
        if (Boolean.parseBoolean(o.s("replay-vacuum-first")) && raw != null) {
            // the store just filled (by the top-up, or the phases before) is otherwise vacuumed by autovacuum in the
            // middle of the replay, 10 s of one core for 200,000 events, landing in the window or not from run to run;
            // a store of 1,000,000 events that is replayed has long been vacuumed
            long vacuumStart = System.nanoTime();
            raw.vacuumAnalyze();
            double vacuumSeconds = (System.nanoTime() - vacuumStart) / 1e9;
            m.put("vacuumFirstSeconds", vacuumSeconds);
            say(String.format(Locale.ROOT, "replay: VACUUM (ANALYZE) of the database first: %.1f s", vacuumSeconds));
        }
        Map<String, Long> statsBefore = settledStatistics();
        Map<String, Double> cpuBefore = cpu.snapshot();
        long start = System.nanoTime();
        Map<String, Object> requestSeconds = new LinkedHashMap<>();
        for (String name : names) {
            long sent = System.nanoTime();
            Api.Response r = api.send(api.post(processorsUrl + "/" + enc(name) + "/replay", Api.ADMIN_KEY, ""));
            requestSeconds.put(name, (System.nanoTime() - sent) / 1e9);
            if (r.statusCode() / 100 != 2) {
                m.put("replayRequest " + name, "HTTP " + r.statusCode() + " " + r.body());
            }
        }
        // how long each replay request took to answer (it stops the processor, resets it and starts it again)
        m.put("requestSeconds", requestSeconds);
        Map<String, Double> finished = waitForProcessors(processorsUrl, o.i("replay-timeout-seconds"), names, start);
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean done = finished.keySet().containsAll(names);
        Map<String, Object> perProcessor = new LinkedHashMap<>();
        for (String name : names) {
            perProcessor.put(name, finished.containsKey(name) ? finished.get(name) : "not finished");
        }
        m.put("secondsPerProcessor", perProcessor);
        if (done) {
            seconds = names.stream().mapToDouble(finished::get).max().orElse(seconds);
        }
        m.put("cpu", CpuMeter.delta(cpuBefore, cpu.snapshot(), eventCount));
        if (done) {
            // per replayed event: the read models' reset and every row the projections wrote again
            putDatabaseWork(m, statsBefore, eventCount);
        }
        m.put("completed", done);
        m.put("seconds", seconds);
        m.put("eventsPerSecond", eventCount / seconds);
        m.put("extrapolatedSecondsFor1M", 1_000_000.0 / (eventCount / seconds));
        m.put("extrapolation", eventCount >= 1_000_000 ? "measured, not extrapolated"
                : "EXTRAPOLATED linearly from " + eventCount + " events to 1,000,000 (run with --replay-events=1000000 to measure)");
        m.put("memory", memoryMap(memory.peaks("replay")));
        say(String.format(Locale.ROOT, "replay of %d events: %.1f s (%.0f events/s; 1,000,000 -> %.0f s %s)", eventCount,
                seconds, eventCount / seconds, 1_000_000.0 / (eventCount / seconds),
                eventCount >= 1_000_000 ? "measured" : "extrapolated"));
    }

    private static List<?> processorList(String body) {
        Object parsed = Json.parse(body);
        if (parsed instanceof List<?> l) {
            return l;
        }
        Object items = Json.at(parsed, "items");
        return items instanceof List<?> l ? l : List.of();
    }

    /**
     * Polls the processors every 100 ms until each is neither replaying nor behind the head of the
     * event store (only those named, when given), or the timeout: the seconds after which each was
     * first seen done (absent: never).
     */
    private Map<String, Double> waitForProcessors(String url, int timeoutSeconds, List<String> only) throws Exception {
        return waitForProcessors(url, timeoutSeconds, only, System.nanoTime());
    }

    /** As above, with the seconds counted from {@code start} (a replay: from its first request, not its last). */
    private Map<String, Double> waitForProcessors(String url, int timeoutSeconds, List<String> only, long start)
            throws Exception {
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Map<String, Double> done = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            Api.Response r = api.send(api.get(url, Api.ADMIN_KEY));
            if (r.statusCode() == 200) {
                List<?> list = processorList(r.body());
                for (Object p : list) {
                    String name = String.valueOf(Json.at(p, "name"));
                    Object lag = Json.at(p, "lag");
                    boolean busy = Boolean.TRUE.equals(Json.at(p, "replaying")) || !(lag instanceof Number n) || n.longValue() > 0;
                    if (!busy) {
                        done.putIfAbsent(name, (System.nanoTime() - start) / 1e9);
                    }
                }
                if (only == null ? done.size() >= list.size() : done.keySet().containsAll(only)) {
                    return done;
                }
            }
            Thread.sleep(100);
        }
        return done;
    }

    // ---------------------------------------------------------------- scenario 9: nothing lost

    /**
     * After everything else, with the load stopped: the projections reach the head; every movement the command side
     * acknowledged has its receipt (written in the transaction of its events); every movement in the event store is
     * on the timeline (its row carries the event's global index); and the audit re-derives every position from the
     * event store and finds the read model equal to it.
     */
    private void nothingLost() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("nothingLost", m);
        memory.phase("check");
        long acknowledged = api.acknowledgedMovements();
        m.put("acknowledgedMovements", acknowledged);
        String processorsUrl = api.queryUrl + "/api/v1/admin/processors";
        Map<String, Double> caughtUp = waitForProcessors(processorsUrl, o.i("check-timeout-seconds"), null);
        m.put("processorsAtTheHead", caughtUp);
        List<String> behind = new ArrayList<>();
        for (Object p : processorList(api.send(api.get(processorsUrl, Api.ADMIN_KEY)).body())) {
            if (!caughtUp.containsKey(String.valueOf(Json.at(p, "name")))) {
                behind.add(Json.at(p, "name") + " (lag " + Json.at(p, "lag") + ")");
            }
        }
        if (!behind.isEmpty()) {
            // the timeline and the audit below then compare with a read model that has not caught up
            m.put("processorsBehind", behind);
        }
        if (raw != null) {
            String movement = "'org.recon.api.position.MovementRecorded'";
            long recorded = raw.scalar("select count(*) from ingest_receipt where event_id like 'b" + api.runId
                    + "-%' and outcome in ('APPLIED', 'ACKNOWLEDGED')");
            m.put("recordedReceipts", recorded);
            m.put("acknowledgedWithoutReceipt", Math.max(0, acknowledged - recorded));
            m.put("movementsInEventStore", raw.scalar("select count(*) from domain_event_entry where payload_type = " + movement));
            m.put("movementsMissingFromTimeline", raw.scalar("select count(*) from domain_event_entry e where payload_type = "
                    + movement + " and not exists (select 1 from qry_timeline_entry t where t.global_index = e.global_index)"));
        }
        // what the command side's own meters say of the races its deliveries lost (README, "Monitor it")
        m.put("ingestRetries", commandSideCount("recon.ingest.retries"));
        m.put("ingestRetriesExhausted", commandSideCount("recon.ingest.retries.exhausted"));
        long start = System.nanoTime();
        Api.Response verify = api.send(api.post(api.queryUrl + "/api/v1/audit/verify", Api.ADMIN_KEY, ""),
                java.time.Duration.ofSeconds(o.i("check-timeout-seconds")));
        m.put("auditVerifySeconds", (System.nanoTime() - start) / 1e9);
        if (verify.statusCode() == 200) {
            Object report = Json.parse(verify.body());
            Object mismatches = Json.at(report, "mismatches");
            m.put("auditCheckedPositions", Json.at(report, "checkedPositions"));
            m.put("auditMismatches", mismatches instanceof List<?> list ? list.size() : -1);
            if (mismatches instanceof List<?> list && !list.isEmpty()) {
                m.put("firstMismatches", list.subList(0, Math.min(10, list.size())));
            }
        } else {
            m.put("auditVerify", "HTTP " + verify.statusCode() + " " + verify.body());
        }
        say((behind.isEmpty() ? "" : "processors NOT at the head after " + o.s("check-timeout-seconds") + " s: " + behind
                + "; ") + String.format(Locale.ROOT, "nothing lost: %d movements acknowledged, %s receipts recorded, %s movements in the"
                        + " event store, %s of them missing from the timeline; audit: %s positions, %s mismatches (%.0f s)",
                acknowledged, m.getOrDefault("recordedReceipts", "n/a"), m.getOrDefault("movementsInEventStore", "n/a"),
                m.getOrDefault("movementsMissingFromTimeline", "n/a"), m.getOrDefault("auditCheckedPositions", "n/a"),
                m.getOrDefault("auditMismatches", m.get("auditVerify")), m.get("auditVerifySeconds")));
    }

    /** A counter of the command side over all its tags (the actuator sums them), or -1 when it cannot be read. */
    private long commandSideCount(String meter) throws Exception {
        Api.Response r = api.send(api.get(api.commandUrl + "/actuator/metrics/" + meter, Api.ADMIN_KEY));
        Object value = r.statusCode() == 200 ? Json.at(Json.parse(r.body()), "measurements", 0, "value") : null;
        return value instanceof Number n ? n.longValue() : -1;
    }

    // ---------------------------------------------------------------- scenario 8: the physical limit

    @SuppressWarnings("unchecked")
    private void rawLimit() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        results.put("rawLimit", m);
        if (raw == null) {
            m.put("notAvailable", "no --db-url given");
            return;
        }
        memory.phase("raw limit");
        int[] sizes = raw.averageSizes();
        m.put("payloadBytes", sizes[0]);
        m.put("metaDataBytes", sizes[1]);
        Map<String, Object> single = (Map<String, Object>) results.get("singleIngest");
        Object peakEvents = single == null ? null : single.get("peakEventsWritten");
        long max = o.i("raw-max-rows");
        long singleRows = Math.min(max, Math.max(5000, peakEvents instanceof Number n ? n.longValue() : 20000));
        Map<String, Object> batch = (Map<String, Object>) results.get("batchIngest");
        Object batchEvents = batch == null ? null : batch.get("eventsWritten");
        long batchRows = Math.min(max, Math.max(10_000, batchEvents instanceof Number n ? n.longValue() : 50_000));
        try {
            say("raw limit: " + singleRows + " rows, one per transaction, " + o.s("senders") + " connections");
            RawLimit.Insert one = raw.insert(singleRows, o.i("senders"), 1, sizes[0], sizes[1], o.i("skus") * o.i("locations"));
            m.put("singleRowTransactions", insertMap(one));
            say(String.format(Locale.ROOT, "raw limit, one row per transaction: %.0f rows/s, p50 %.2f p99 %.2f ms",
                    one.rowsPerSecond(), one.p(50), one.p(99)));
            say("raw limit: " + batchRows + " rows in batches of " + o.s("batch-size") + ", " + o.s("batch-clients") + " connections");
            RawLimit.Insert many = raw.insert(batchRows, o.i("batch-clients"), o.i("batch-size"), sizes[0], sizes[1],
                    o.i("skus") * o.i("locations"));
            m.put("batchTransactions", insertMap(many));
            say(String.format(Locale.ROOT, "raw limit, batches of %s: %.0f rows/s", o.s("batch-size"), many.rowsPerSecond()));
        } finally {
            raw.dropTable();
        }
        long scanRows = Math.max(1, events());
        RawLimit.Read scan = raw.scanEventStore(scanRows);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rows", scan.rows());
        s.put("seconds", scan.seconds());
        s.put("rowsPerSecond", scan.rowsPerSecond());
        m.put("eventStoreScan", s);
        say(String.format(Locale.ROOT, "raw limit, reading the event store in global order: %d rows in %.1f s = %.0f rows/s",
                scan.rows(), scan.seconds(), scan.rowsPerSecond()));
    }

    private static Map<String, Object> insertMap(RawLimit.Insert r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", r.rows());
        m.put("connections", r.concurrency());
        m.put("rowsPerTransaction", r.rowsPerTransaction());
        m.put("seconds", r.seconds());
        m.put("rowsPerSecond", r.rowsPerSecond());
        m.put("transactionLatencyMs", percentiles(r.latencyMicros()));
        return m;
    }

    // ---------------------------------------------------------------- scenario 7: memory

    @SuppressWarnings("unchecked")
    private void memoryFigures() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> single = (Map<String, Object>) results.get("singleIngest");
        Object peakPhase = single == null ? null : single.get("peakStep");
        if (peakPhase != null) {
            m.put("atPeakSingleIngest (" + peakPhase + ")", memoryMap(memory.peaks(peakPhase.toString())));
        }
        m.put("batchIngest", memoryMap(memory.peaks("batch ingest")));
        m.put("replay", memoryMap(memory.peaks("replay")));
        m.put("wholeRun", memoryMap(memory.peaks("whole run")));
        Map<String, Object> hwm = new LinkedHashMap<>();
        for (String service : List.of("command-side", "query-side")) {
            long kb = memory.status(service, "VmHWM:");
            hwm.put(service, kb < 0 ? null : kb / 1024.0);
        }
        m.put("rssHighWaterMarkMiB", hwm);
        results.put("memory", m);
    }

    private static Map<String, Object> memoryMap(Map<String, MemorySampler.Peak> peaks) {
        Map<String, Object> m = new LinkedHashMap<>();
        peaks.forEach((service, p) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("rssMiB", p.rssKb() < 0 ? null : p.rssKb() / 1024.0);
            v.put("jvmMemoryUsedMiB", p.jvmUsedBytes() < 0 ? null : p.jvmUsedBytes() / 1024.0 / 1024.0);
            m.put(service, v);
        });
        return m;
    }
}
