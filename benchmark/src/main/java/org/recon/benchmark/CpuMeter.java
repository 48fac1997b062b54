package org.recon.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each process of the run (from /proc/&lt;pid&gt;/stat, in clock ticks of 10 ms),
 * PostgreSQL included (postmaster, its exited children and its live backends), and by the whole
 * machine (/proc/stat), so that a figure can be read as "who used the CPUs".
 */
final class CpuMeter {

    private static final double TICK_SECONDS = 0.01; // USER_HZ is 100 on Linux

    private final Map<String, Long> pids;
    private final Path postgresData;

    CpuMeter(Map<String, Long> pids, Path postgresData) {
        this.pids = pids;
        this.postgresData = postgresData;
    }

    /** CPU seconds used so far per process group, and "machine busy" / "machine total". */
    Map<String, Double> snapshot() {
        Map<String, Double> m = new LinkedHashMap<>();
        pids.forEach((name, pid) -> m.put(name, ticks(pid, false) * TICK_SECONDS));
        m.put("load generator", ticks(ProcessHandle.current().pid(), false) * TICK_SECONDS);
        Long postmaster = postmaster();
        if (postmaster != null) {
            long total = ticks(postmaster, true);
            for (long child : children(postmaster)) {
                total += ticks(child, false);
            }
            m.put("postgresql", total * TICK_SECONDS);
        }
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < cpu.length; i++) {
                all += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            m.put("machine busy", (all - idle) * TICK_SECONDS);
            m.put("machine total", all * TICK_SECONDS);
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return m;
    }

    /** Difference of two snapshots: CPU seconds, and each group's share of the machine's capacity. */
    static Map<String, Object> delta(Map<String, Double> before, Map<String, Double> after, double movements) {
        Map<String, Object> m = new LinkedHashMap<>();
        double capacity = after.getOrDefault("machine total", 0.0) - before.getOrDefault("machine total", 0.0);
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (e.getKey().equals("machine total")) {
                continue;
            }
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("cpuSeconds", Math.round(used * 100) / 100.0);
            if (capacity > 0) {
                v.put("shareOfMachine", Math.round(used / capacity * 1000) / 1000.0);
            }
            if (movements > 0) {
                v.put("cpuMillisPerMovement", Math.round(used * 1000 / movements * 1000) / 1000.0);
            }
            m.put(e.getKey(), v);
        }
        double ours = 0;
        for (String k : after.keySet()) {
            if (!k.startsWith("machine")) {
                ours += after.get(k) - before.getOrDefault(k, 0.0);
            }
        }
        double busy = after.getOrDefault("machine busy", 0.0) - before.getOrDefault("machine busy", 0.0);
        if (capacity > 0) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("cpuSeconds", Math.round((busy - ours) * 100) / 100.0);
            v.put("shareOfMachine", Math.round((busy - ours) / capacity * 1000) / 1000.0);
            m.put("other processes (not this run)", v);
        }
        return m;
    }

    private Long postmaster() {
        if (postgresData == null) {
            return null;
        }
        try {
            return Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long[] children(long parent) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong).filter(pid -> parentOf(pid) == parent).toArray();
        } catch (IOException e) {
            return new long[0];
        }
    }

    private static long parentOf(long pid) {
        String[] f = stat(pid);
        return f == null ? -1 : Long.parseLong(f[1]);
    }

    /**
     * CPU seconds each service's JIT compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}, from
     * /proc/&lt;pid&gt;/task) have used so far: what a JVM still spends warming up.
     */
    Map<String, Double> compilerSeconds() {
        Map<String, Double> m = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long ticks = 0;
            try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String[] f = isCompilerThread(task) ? stat(task) : null;
                    if (f != null) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            } catch (IOException | RuntimeException notReadable) {
                return;
            }
            m.put(name, ticks * TICK_SECONDS);
        });
        return m;
    }

    private static boolean isCompilerThread(Path task) {
        try {
            return Files.readString(task.resolve("comm")).contains("CompilerThre");
        } catch (IOException | RuntimeException threadEnded) {
            return false;
        }
    }

    /** Fields of /proc/pid/stat after the command name: [0]=state, [1]=ppid, ... [11]=utime, [12]=stime, [13]=cutime, [14]=cstime. */
    private static String[] stat(long pid) {
        return stat(Path.of("/proc/" + pid));
    }

    /** The same for a process or a thread's directory (/proc/pid or /proc/pid/task/tid); null once it has ended. */
    private static String[] stat(Path directory) {
        try {
            String s = Files.readString(directory.resolve("stat"));
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticks(long pid, boolean withChildren) {
        String[] f = stat(pid);
        if (f == null) {
            return 0;
        }
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (withChildren) {
            t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return t;
    }
}
