package org.recon.benchmark;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording: self time by area, the
 * hottest methods, and for each sample the innermost frame of the application or of Axon.
 * Usage: {@code java -jar benchmark.jar hotspots <file.jfr> [from-ISO-instant] [to-ISO-instant]}.
 */
final class JfrHotspots {

    private static final String[][] AREAS = {
            {"org.postgresql.", "PostgreSQL JDBC driver"},
            {"com.zaxxer.hikari.", "Hikari pool"},
            {"tools.jackson.", "Jackson"},
            {"com.fasterxml.jackson.", "Jackson"},
            {"org.axonframework.", "Axon"},
            {"org.recon.", "application (org.recon)"},
            {"org.springframework.security.", "Spring Security"},
            {"org.springframework.transaction.", "Spring transactions"},
            {"org.springframework.jdbc.", "Spring JDBC"},
            {"org.springframework.web.", "Spring MVC"},
            {"org.springframework.", "Spring (other)"},
            {"org.apache.catalina.", "Tomcat"},
            {"org.apache.coyote.", "Tomcat"},
            {"org.apache.tomcat.", "Tomcat"},
            {"io.micrometer.", "Micrometer"},
            {"org.hibernate.", "Hibernate"},
            {"ch.qos.logback.", "Logback"},
            {"org.slf4j.", "Logback"},
            {"sun.security.", "JDK crypto/security"},
            {"com.sun.crypto.", "JDK crypto/security"},
            {"java.security.", "JDK crypto/security"},
            {"sun.nio.", "JDK I/O"},
            {"java.net.", "JDK net"},
            {"sun.net.", "JDK net"},
            {"java.io.", "JDK I/O"},
            {"java.lang.invoke.", "JDK reflection"},
            {"java.lang.reflect.", "JDK reflection"},
            {"jdk.internal.reflect.", "JDK reflection"},
            {"java.util.", "JDK collections/util"},
            {"java.lang.", "JDK lang"},
            {"java.time.", "JDK time"},
    };

    private JfrHotspots() {
    }

    static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Instant from = args.length > 1 ? Instant.parse(args[1]) : Instant.MIN;
        Instant to = args.length > 2 ? Instant.parse(args[2]) : Instant.MAX;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null
                        || e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                String top = name(frames.get(0));
                self.merge(top, 1, Integer::sum);
                // a sample's area is that of its innermost frame outside the JDK: who asked for the work
                String owner = "JDK only";
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (!n.startsWith("java.") && !n.startsWith("jdk.") && !n.startsWith("sun.") && !n.startsWith("com.sun.")) {
                        owner = area(n);
                        break;
                    }
                }
                areas.merge(owner, 1, Integer::sum);
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (n.startsWith("org.recon.") || n.startsWith("org.axonframework.")) {
                        ours.merge(n, 1, Integer::sum);
                        break;
                    }
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (n.startsWith("org.recon.") && seen.add(n)) {
                        inclusive.merge(n, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.println("CPU samples: " + samples + " (" + file.getFileName() + ")");
        print("CPU by area (innermost frame outside the JDK)", areas, samples, 20);
        print("Hottest methods (self time)", self, samples, 20);
        print("Innermost org.recon / Axon frame of each sample", ours, samples, 20);
        print("Application methods on the stack (inclusive)", inclusive, samples, 20);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String area(String method) {
        for (String[] a : AREAS) {
            if (method.startsWith(a[0])) {
                return a[1];
            }
        }
        return "other";
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println();
        System.out.println(title + ":");
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        Map<String, Integer> shown = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(limit, entries.size()))) {
            shown.put(e.getKey(), e.getValue());
        }
        shown.forEach((k, v) -> System.out.println(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * v / total, k)));
    }
}
