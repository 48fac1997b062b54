package org.recon.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results/&lt;UTC timestamp&gt;.json (everything) and .md (summary against issue 6's targets, details, log). */
final class Report {

    private Report() {
    }

    static void write(Path dir, Instant started, Map<String, Object> r) throws IOException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(started);
        Path json = dir.resolve(stamp + ".json");
        Path md = dir.resolve(stamp + ".md");
        Files.writeString(json, Json.write(r) + "\n");
        Files.writeString(md, markdown(r, stamp));
        System.out.println("results: " + md + " and " + json);
    }

    /** Writes the .md of a run again from its .json (after a change to this report). */
    @SuppressWarnings("unchecked")
    static void rewrite(Path json) throws IOException {
        String name = json.getFileName().toString();
        String stamp = name.substring(0, name.length() - ".json".length());
        Map<String, Object> r = (Map<String, Object>) Json.parse(Files.readString(json));
        Path md = json.resolveSibling(stamp + ".md");
        Files.writeString(md, markdown(r, stamp));
        System.out.println("results: " + md);
    }

    private static Object at(Object root, Object... path) {
        return Json.at(root, path);
    }

    private static double num(Object root, Object... path) {
        Object v = at(root, path);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String f(double v, String unit) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v)) + unit;
    }

    private static String count(Object root, String name) {
        double v = num(root, name);
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,d", (long) v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String met(boolean ok, double v) {
        return Double.isNaN(v) ? "not measured" : ok ? "**met**" : "**missed**";
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r, String stamp) {
        StringBuilder o = new StringBuilder();
        o.append("# Benchmark run ").append(stamp).append("\n\n");
        o.append("Date: ").append(r.get("date")).append("  \n");
        Object m = r.get("machine");
        o.append("Machine: ").append(at(m, "nproc")).append(" CPUs (").append(at(m, "cpu")).append("), ")
                .append(at(m, "memoryGiB")).append(" GiB RAM, load average at start ").append(at(m, "loadAverageAtStart"))
                .append("  \nJava: ").append(at(m, "java")).append("  \nOS: ").append(at(m, "os"))
                .append("  \nServices: JVM options ").append(at(m, "serviceJavaOpts")).append("; configuration overrides ")
                .append(at(m, "serviceOverrides"))
                .append("  \nDatabase: ").append(at(m, "database")).append(" (same machine)  \n");
        o.append("Duration: ").append(r.get("durationSeconds")).append(" s");
        if (r.get("aborted") != null) {
            o.append("  \n**ABORTED**: ").append(r.get("aborted"));
        }
        o.append("\n\nThe load generator runs on the same machine as the services and the database and competes with"
                + " them for the same CPUs.\n\n");

        double peak = num(r, "singleIngest", "peakRate");
        double eventsPerMovement = num(r, "singleIngest", "eventsPerMovement");
        double rawSingle = num(r, "rawLimit", "singleRowTransactions", "rowsPerSecond");
        double rawSingleP50 = num(r, "rawLimit", "singleRowTransactions", "transactionLatencyMs", "p50");
        double rawSingleP99 = num(r, "rawLimit", "singleRowTransactions", "transactionLatencyMs", "p99");
        double rawBatch = num(r, "rawLimit", "batchTransactions", "rowsPerSecond");
        double rawScan = num(r, "rawLimit", "eventStoreScan", "rowsPerSecond");
        double p50at50 = num(r, "latency", "50%", "latencyMs", "p50");
        double p99at50 = num(r, "latency", "50%", "latencyMs", "p99");
        double p999at50 = num(r, "latency", "50%", "latencyMs", "p99.9");
        double p50at80 = num(r, "latency", "80%", "latencyMs", "p50");
        double p99at80 = num(r, "latency", "80%", "latencyMs", "p99");
        double p999at80 = num(r, "latency", "80%", "latencyMs", "p99.9");
        double batch = num(r, "batchIngest", "movementsPerSecond");
        double lag50 = num(r, "projectionLag", "fromCommitAcknowledgedMs", "p50");
        double lag99 = num(r, "projectionLag", "fromCommitAcknowledgedMs", "p99");
        double replay1m = num(r, "replay", "extrapolatedSecondsFor1M");
        double replayRate = num(r, "replay", "eventsPerSecond");
        double asOf50 = num(r, "asOf", "latencyMs", "p50");
        double asOf99 = num(r, "asOf", "latencyMs", "p99");
        double rawAggregate = num(r, "asOf", "rawReadOfAggregateMs");

        o.append("## Summary against issue 6\n\n");
        o.append("| Figure | Measured | Target | Result | Physical limit (JDBC, same PostgreSQL) | Ratio to limit |\n");
        o.append("|---|---|---|---|---|---|\n");
        o.append("| Peak single-movement ingest, 0 errors | ").append(f(peak, "/s"))
                .append(Double.isNaN(eventsPerMovement) ? "" : String.format(Locale.ROOT, " (%.2f events/movement)", eventsPerMovement))
                .append(" | >= 5,000/s | ").append(met(peak >= 5000, peak)).append(" | ").append(f(rawSingle, " rows/s"))
                .append(" one row per transaction | ").append(ratio(peak, rawSingle)).append(" |\n");
        o.append("| Latency at 50% of peak p50 / p99 / p99.9 | ").append(f(p50at50, "")).append(" / ").append(f(p99at50, ""))
                .append(" / ").append(f(p999at50, " ms")).append(" | p99 <= 25 ms | ").append(met(p99at50 <= 25, p99at50))
                .append(" | p50 ").append(f(rawSingleP50, "")).append(" / p99 ").append(f(rawSingleP99, " ms"))
                .append(" per single-row transaction | p99 x").append(ratio(p99at50, rawSingleP99)).append(" |\n");
        o.append("| Latency at 80% of peak p50 / p99 / p99.9 | ").append(f(p50at80, "")).append(" / ").append(f(p99at80, ""))
                .append(" / ").append(f(p999at80, " ms")).append(" | - | - | same | p99 x").append(ratio(p99at80, rawSingleP99))
                .append(" |\n");
        o.append("| Batch ingest (batches of 500) | ").append(f(batch, " movements/s")).append(" | >= 30,000/s | ")
                .append(met(batch >= 30000, batch)).append(" | ").append(f(rawBatch, " rows/s")).append(" in batches of 500 | ")
                .append(ratio(batch, rawBatch)).append(" |\n");
        Object lagNa = at(r, "projectionLag", "notAvailable");
        boolean lagInReadModel = "read-model".equals(at(r, "projectionLag", "lagMethod"));
        o.append("| Projection lag at 50% load p50 / p99 | ")
                .append(lagNa != null ? "not available" : f(lag50, "") + " / " + f(lag99, " ms")
                        + (lagInReadModel ? " to the read model's row (" + f(num(r, "projectionLag",
                        "throughApiFromCommitAcknowledgedMs", "p50"), "") + " / " + f(num(r, "projectionLag",
                        "throughApiFromCommitAcknowledgedMs", "p99"), " ms") + " to the API's confirming answer)"
                        : " (API polled)"))
                .append(" | p99 <= 250 ms | ").append(lagNa != null ? "not measured" : met(lag99 <= 250, lag99))
                .append(" | ").append(f(rawSingleP99, " ms")).append(" (p99 of one insert) | ")
                .append(lagNa != null ? "n/a" : "p99 x" + ratio(lag99, rawSingleP99)).append(" |\n");
        Object replayNa = at(r, "replay", "notAvailable");
        o.append("| Replay of every projection, 1,000,000 events | ")
                .append(replayNa != null ? "not available" : f(replay1m, " s") + " (" + f(num(r, "replay", "events"), "")
                        + " events in " + f(num(r, "replay", "seconds"), " s") + "; "
                        + (num(r, "replay", "events") >= 1_000_000 ? "measured" : "**extrapolated**") + ")")
                .append(at(r, "replay", "stalledBeforeReplay") == null ? "" : "; **left out, stalled before the replay: "
                        + at(r, "replay", "stalledBeforeReplay") + "**")
                .append(Boolean.FALSE.equals(at(r, "replay", "completed")) ? "; **did not finish: " + at(r, "replay", "secondsPerProcessor") + "**" : "")
                .append(" | <= 60 s | ").append(replayNa != null ? "not measured" : met(replay1m <= 60, replay1m))
                .append(" | ").append(f(rawScan, " rows/s")).append(" reading the event store | ")
                .append(replayNa != null ? "n/a" : ratio(replayRate, rawScan)).append(" |\n");
        Object asOfNa = at(r, "asOf", "notAvailable");
        o.append("| As-of query, position with ").append(f(num(r, "asOf", "eventsOnPosition"), "")).append(" events p50 / p99 | ")
                .append(asOfNa != null ? "not available" : f(asOf50, "") + " / " + f(asOf99, " ms"))
                .append(" | - | - | ").append(f(rawAggregate, " ms")).append(" reading its rows | ")
                .append(asOfNa != null ? "n/a" : "p50 x" + ratio(asOf50, rawAggregate)).append(" |\n");
        Object mem = at(r, "memory");
        if (mem instanceof Map<?, ?> mm) {
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                if (e.getKey().toString().startsWith("atPeak")) {
                    o.append("| Memory at peak single ingest, RSS / jvm.memory.used | ");
                    for (String s : List.of("command-side", "query-side")) {
                        o.append(s).append(" ").append(f(num(e.getValue(), s, "rssMiB"), "")).append(" / ")
                                .append(f(num(e.getValue(), s, "jvmMemoryUsedMiB"), " MiB")).append("; ");
                    }
                    o.append(" | - | - | - | - |\n");
                }
            }
        }
        o.append("\nRatios: throughput figures divide the service's movements/s by the raw rows/s (a movement writes ")
                .append(Double.isNaN(eventsPerMovement) ? "n" : String.format(Locale.ROOT, "%.2f", eventsPerMovement))
                .append(" event rows plus its receipt and bookkeeping rows); latency figures are multiples of the raw"
                        + " single-row transaction's latency; replay divides events/s by the raw global-order read rate.\n\n");

        Object lost = at(r, "nothingLost");
        if (lost instanceof Map<?, ?>) {
            o.append("## Nothing lost (after the run, the load stopped)\n\n")
                    .append(at(lost, "processorsBehind") == null ? ""
                            : "**Processors not at the head when checked: " + at(lost, "processorsBehind") + "**\n\n")
                    .append("| Check | Result |\n|---|---|\n")
                    .append("| movements acknowledged (APPLIED or ACKNOWLEDGED) / their receipts recorded | ")
                    .append(count(lost, "acknowledgedMovements")).append(" / ").append(count(lost, "recordedReceipts"))
                    .append(num(lost, "acknowledgedWithoutReceipt") > 0 ? " **LOST: " + count(lost, "acknowledgedWithoutReceipt") + "**" : "")
                    .append(" |\n| movements in the event store / missing from the timeline | ")
                    .append(count(lost, "movementsInEventStore")).append(" / ").append(count(lost, "movementsMissingFromTimeline"))
                    .append(num(lost, "movementsMissingFromTimeline") > 0 ? " **SKIPPED**" : "")
                    .append(" |\n| audit verify: positions re-derived from the event store / mismatches with the read model | ")
                    .append(at(lost, "auditVerify") != null ? at(lost, "auditVerify")
                            : count(lost, "auditCheckedPositions") + " / " + count(lost, "auditMismatches")
                            + (num(lost, "auditMismatches") > 0 ? " **MISMATCH**" : "")
                            + " (" + f(num(lost, "auditVerifySeconds"), " s") + ")")
                    .append(" |\n| deliveries retried after losing a race for a position or receipt / given up (503 CONTENTION)"
                            + " over the whole run, the command side's meters | ")
                    .append(count(lost, "ingestRetries")).append(" / ").append(count(lost, "ingestRetriesExhausted"))
                    .append(num(lost, "ingestRetriesExhausted") > 0 ? " **GIVEN UP**" : "")
                    .append(" |\n\n");
        }
        o.append("## Single-movement steps (open loop, latency from the intended send time)\n\n");
        o.append("| Step | Passed | OK / scheduled | Errors | Achieved/s | Events/s | p50 | p99 | p99.9 | max (ms) |\n");
        o.append("|---|---|---|---|---|---|---|---|---|---|\n");
        Object steps = at(r, "singleIngest", "steps");
        if (steps instanceof List<?> list) {
            for (Object s : list) {
                o.append("| ").append(at(s, "phase")).append(" | ").append(at(s, "passed")).append(" | ")
                        .append(at(s, "ok")).append(" / ").append(at(s, "scheduled")).append(" | ").append(at(s, "errors"))
                        .append(errorKinds(at(s, "errorKinds"))).append(" | ").append(f(num(s, "achievedRate"), ""))
                        .append(" | ").append(f(num(s, "eventsPerSecond"), "")).append(" | ")
                        .append(f(num(s, "latencyMs", "p50"), "")).append(" | ").append(f(num(s, "latencyMs", "p99"), ""))
                        .append(" | ").append(f(num(s, "latencyMs", "p99.9"), "")).append(" | ")
                        .append(f(num(s, "latencyMs", "max"), "")).append(" |\n");
            }
        }
        o.append("\nCriterion: ").append(at(r, "singleIngest", "criterion")).append(".\n\n");
        o.append("## Who used the CPUs (share of the machine's capacity; CPU ms per movement or event)\n\n");
        o.append("| Phase | command side | query side | PostgreSQL | load generator | other processes |\n|---|---|---|---|---|---|\n");
        java.util.List<Object> phases = new java.util.ArrayList<>();
        if (steps instanceof List<?> list) {
            phases.addAll(list);
        }
        for (String k : List.of("50%", "80%", "lag run 50%")) {
            if (at(r, "latency", k) != null) {
                phases.add(at(r, "latency", k));
            }
        }
        for (String k : List.of("batchIngest", "replay")) {
            if (at(r, k, "cpu") != null) {
                Map<String, Object> p = new java.util.LinkedHashMap<>((Map<String, Object>) r.get(k));
                p.putIfAbsent("phase", k.equals("replay") ? "replay" : "batch ingest");
                phases.add(p);
            }
        }
        for (Object p : phases) {
            if (at(p, "cpu") == null) {
                continue;
            }
            o.append("| ").append(at(p, "phase"));
            for (String g : List.of("command-side", "query-side", "postgresql", "load generator", "other processes (not this run)")) {
                double share = num(p, "cpu", g, "shareOfMachine");
                double per = num(p, "cpu", g, "cpuMillisPerMovement");
                o.append(" | ").append(Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100))
                        .append(Double.isNaN(per) ? "" : String.format(Locale.ROOT, " (%.2f ms)", per));
            }
            o.append(" |\n");
        }
        o.append("\n");
        o.append(databaseAgainstTargets(r, peak, batch, replayRate, rawBatch, rawSingle, rawScan));
        o.append("## Database work per accepted movement, or per event in the replay (PostgreSQL statistics, both services;"
                + " settled 11 s before and after)\n\n");
        o.append("| Counter | single movements (first step) | single movements (latency at 50 %) | batch ingest | replay |\n"
                + "|---|---|---|---|---|\n");
        List<Object> columns = java.util.Arrays.asList(at(r, "singleIngest", "steps", 0, "databaseWorkPerMovement"),
                at(r, "latency", "50%", "databaseWorkPerMovement"), at(r, "batchIngest", "databaseWorkPerMovement"),
                at(r, "replay", "databaseWorkPerMovement"));
        java.util.Set<Object> keys = new java.util.TreeSet<>();
        for (Object column : columns) {
            if (column instanceof Map<?, ?> work) {
                keys.addAll(work.keySet());
            }
        }
        for (Object k : keys) {
            o.append("| ").append(k);
            for (Object column : columns) {
                o.append(" | ").append(f(num(column, k.toString()), ""));
            }
            o.append(" |\n");
        }
        o.append("\n");
        o.append("## Details\n\n```json\n");
        Map<String, Object> details = new java.util.LinkedHashMap<>(r);
        details.remove("log");
        details.remove("singleIngest");
        o.append(Json.write(details)).append("\n```\n\n## Log\n\n```\n");
        Object log = r.get("log");
        if (log instanceof List<?> l) {
            for (Object line : l) {
                o.append(line).append('\n');
            }
        }
        o.append("```\n");
        return o.toString();
    }

    /**
     * The rows each throughput figure makes PostgreSQL write (inserted, updated and deleted, every table of both services),
     * at the measured rate and at the target, against what the same PostgreSQL inserted alone in batches (approximate: the
     * rows are of several tables); and the raw limit's own rows at the target (exact: a target whose event rows alone
     * exceed what this PostgreSQL inserted of them cannot be reached on this machine by any code in front of it).
     */
    static String databaseAgainstTargets(Map<String, Object> r, double peak, double batch, double replayRate, double rawBatch,
                                         double rawSingle, double rawScan) {
        double singleRows = rowsWritten(at(r, "latency", "50%", "databaseWorkPerMovement"));
        double batchRows = rowsWritten(at(r, "batchIngest", "databaseWorkPerMovement"));
        double replayRows = rowsWritten(at(r, "replay", "databaseWorkPerMovement"));
        if (Double.isNaN(rawBatch) || Double.isNaN(singleRows) && Double.isNaN(batchRows) && Double.isNaN(replayRows)) {
            return "";
        }
        StringBuilder o = new StringBuilder();
        o.append("## What the targets ask of the database\n\n")
                .append("Rows written (inserted, updated and deleted, every table of both services; PostgreSQL's statistics,"
                        + " table below) per movement or replayed event, at the measured rate and at the target, against the ")
                .append(f(rawBatch, " rows/s")).append(" the same PostgreSQL inserted alone in batches of 500 (the raw limit,"
                        + " event-store rows). Above 1, the target asks for more rows per second than the database wrote with"
                        + " nothing else running. The comparison is approximate: the services' rows are of several tables, some"
                        + " smaller, some updated in place; and at the measured rate the database shared the machine with the"
                        + " services (\"Who used the CPUs\"). The last column needs no such allowance: it compares the"
                        + " target with the raw limit's own rows, the event rows alone for ingest (one per movement) and the"
                        + " events read for the replay.\n\n")
                .append("| Figure | Rows per movement or event | Rows/s at the measured rate | Ratio to the raw batched rate"
                        + " | Rows/s at the target | Ratio to the raw batched rate | The raw limit's own rows at the target"
                        + " |\n|---|---|---|---|---|---|---|\n");
        targetRow(o, "Peak single-movement ingest (rows from the 50 % phase)", singleRows, peak, 5_000, rawBatch,
                "event rows " + ratio(5_000, rawBatch) + " of the batched rate, " + ratio(5_000, rawSingle)
                        + " of the one-row-per-transaction rate");
        targetRow(o, "Batch ingest", batchRows, batch, 30_000, rawBatch,
                "event rows " + ratio(30_000, rawBatch) + " of the batched rate");
        targetRow(o, "Replay (1,000,000 events in 60 s)", replayRows, replayRate, 1_000_000 / 60.0, rawBatch,
                "events read " + ratio(1_000_000 / 60.0, rawScan) + " of the read rate");
        return o.append("\n").toString();
    }

    private static void targetRow(StringBuilder o, String figure, double rows, double rate, double target, double rawBatch,
                                  String ownRows) {
        if (Double.isNaN(rows)) {
            return;
        }
        o.append("| ").append(figure).append(" | ").append(String.format(Locale.ROOT, "%.2f", rows)).append(" | ")
                .append(f(rate * rows, "")).append(" (").append(f(rate, "/s")).append(") | ").append(ratio(rate * rows, rawBatch))
                .append(" | ").append(f(target * rows, "")).append(" (").append(f(target, "/s")).append(") | ")
                .append(ratio(target * rows, rawBatch)).append(" | ").append(ownRows).append(" |\n");
    }

    /** Rows inserted, updated and deleted per unit in a {@link RawLimit#perUnit} map; NaN when the phase has none. */
    static double rowsWritten(Object work) {
        if (!(work instanceof Map<?, ?> counters)) {
            return Double.NaN;
        }
        double rows = 0;
        for (Map.Entry<?, ?> e : counters.entrySet()) {
            String counter = e.getKey().toString();
            if ((counter.endsWith(" inserted") || counter.endsWith(" updated") || counter.endsWith(" deleted"))
                    && e.getValue() instanceof Number n) {
                rows += n.doubleValue();
            }
        }
        return rows;
    }

    private static String errorKinds(Object kinds) {
        return kinds instanceof Map<?, ?> m && !m.isEmpty() ? " " + m.toString().replace("|", "/") : "";
    }
}
