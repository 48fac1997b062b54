package org.recon.command.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the packaged command side during sustained ingest, then a restart: every movement
 * that got a 2xx is in the event store, none twice. Runs in {@code verify} (failsafe), after the
 * jar is built.
 */
class CommandSideKillFaultIT {

    private static final Path JAR = Path.of("target", "command-side.jar");
    private static EmbeddedDatabase database;
    private static int port;
    private static Process service;

    @BeforeAll
    static void database() throws IOException {
        database = TestDatabase.get();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    private static Process startService() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-jar", JAR.toString(), "--server.port=" + port,
                "--spring.profiles.active=embedded", "--recon.db.url=" + database.jdbcUrl(),
                "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/command-side-kill-fault.log"))
                .start();
        Api api = new Api("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api.get("/actuator/health", null).body().contains("\"UP\""));
        return process;
    }

    @Test
    void everyAcknowledgedMovementSurvivesAKillMinusNine() throws Exception {
        service = startService();
        Api api = new Api("http://127.0.0.1:" + port);
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread sender = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    i++;
                    String eventId = "erp-kill-" + thread + "-" + i;
                    int quantity = 1 + i % 9;
                    try {
                        var response = api.post("/api/v1/movements", "erp-dev-key", """
                                {"eventId": "%s", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "KILL-%d",
                                 "location": "WH-K", "quantity": %d, "document": {"type": "PO", "id": "PO-%s"}}"""
                                .formatted(eventId, i % 11, quantity, eventId));
                        if (response.status() == 200) {
                            acknowledged.put(eventId, quantity);
                        }
                    } catch (RuntimeException connectionRefusedWhileDown) {
                        // the service is being killed or restarted: the client will retry later
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
        service.destroyForcibly().waitFor();
        int beforeRestart = acknowledged.size();
        service = startService();
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= beforeRestart + 200);
        running.set(false);
        for (Thread sender : senders) {
            sender.join(30_000);
        }

        Map<String, Integer> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             PreparedStatement query = connection.prepareStatement("""
                     select convert_from(payload, 'UTF8')::jsonb ->> 'eventId', (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                     from domain_event_entry where payload_type = 'org.recon.api.position.MovementRecorded'
                     and convert_from(payload, 'UTF8')::jsonb ->> 'eventId' like 'erp-kill-%'""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                assertThat(stored.put(rows.getString(1), rows.getInt(2))).as("applied twice: " + rows.getString(1)).isNull();
            }
        }
        assertThat(stored).containsAllEntriesOf(acknowledged);
    }
}
