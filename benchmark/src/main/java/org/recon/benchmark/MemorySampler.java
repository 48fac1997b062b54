package org.recon.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Samples each service's memory once a second: resident set size from /proc/&lt;pid&gt;/status
 * (VmRSS, and VmHWM, the kernel's high-water mark) and the JVM's own jvm.memory.used from
 * /actuator/metrics (ADMIN key). Keeps the maximum per phase and service.
 */
final class MemorySampler implements AutoCloseable {

    record Peak(long rssKb, long jvmUsedBytes) {
        Peak max(Peak o) {
            return new Peak(Math.max(rssKb, o.rssKb), Math.max(jvmUsedBytes, o.jvmUsedBytes));
        }
    }

    private final Api api;
    private final Map<String, Long> pids;
    private final Map<String, String> urls;
    private final Map<String, Map<String, Peak>> peaks = new ConcurrentHashMap<>();
    private volatile String phase = "start";
    private final Thread thread;
    private volatile boolean running = true;

    MemorySampler(Api api, Map<String, Long> pids, Map<String, String> urls) {
        this.api = api;
        this.pids = pids;
        this.urls = urls;
        this.thread = new Thread(this::loop, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void phase(String name) {
        phase = name;
    }

    private void loop() {
        while (running) {
            for (String service : urls.keySet()) {
                Peak p = sample(service);
                peaks.computeIfAbsent(phase, k -> new ConcurrentHashMap<>()).merge(service, p, Peak::max);
                peaks.computeIfAbsent("whole run", k -> new ConcurrentHashMap<>()).merge(service, p, Peak::max);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Peak sample(String service) {
        return new Peak(status(service, "VmRSS:"), jvmUsed(service));
    }

    long status(String service, String field) {
        Long pid = pids.get(service);
        if (pid == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // process gone or not ours to read
        }
        return -1;
    }

    private long jvmUsed(String service) {
        try {
            Api.Response r = api.send(api.get(urls.get(service) + "/actuator/metrics/jvm.memory.used", Api.ADMIN_KEY));
            if (r.statusCode() == 200) {
                Object v = Json.at(Json.parse(r.body()), "measurements", 0, "value");
                return v instanceof Number n ? n.longValue() : -1;
            }
        } catch (Exception e) {
            // not available
        }
        return -1;
    }

    Map<String, Peak> peaks(String phase) {
        return new LinkedHashMap<>(peaks.getOrDefault(phase, Map.of()));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
