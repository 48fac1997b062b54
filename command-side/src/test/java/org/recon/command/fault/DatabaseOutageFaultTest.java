package org.recon.command.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.recon.command.CommandSideApplication;
import org.recon.devdb.Api;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.support.axon.EventNotifications;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops in the middle of ingest and comes back: while it is down requests get 503 with
 * Retry-After, the service recovers by itself, and every movement that got a 2xx is in the event
 * store exactly once. Runs in its own JVM (surefire execution "faults") with its own database.
 */
@Tag("fault")
class DatabaseOutageFaultTest {

    private static Path dataDirectory;
    private static int port;
    private static EmbeddedDatabase database;
    private static ConfigurableApplicationContext service;

    @BeforeAll
    static void start() throws IOException {
        dataDirectory = Files.createTempDirectory("recon-fault-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        database = EmbeddedDatabase.start(dataDirectory, port);
        service = new SpringApplicationBuilder(CommandSideApplication.class)
                .profiles("embedded", "test")
                .run("--server.port=0", "--recon.db.url=" + database.jdbcUrl(),
                        "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD,
                        "--spring.datasource.hikari.connection-timeout=1000");
    }

    @AfterAll
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
        FileSystemUtils.deleteRecursively(dataDirectory);
    }

    @Test
    void nothingAcknowledgedIsLostWhenTheDatabaseGoesAwayAndComesBack() throws Exception {
        Api api = new Api("http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort());
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger retryAfter = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            int i = 0;
            while (running.get()) {
                i++;
                int quantity = 1 + i % 5;
                String eventId = "erp-outage-" + i;
                try {
                    var response = api.post("/api/v1/movements", "erp-dev-key", """
                            {"eventId": "%s", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "OUTAGE-%d",
                             "location": "WH-F", "quantity": %d, "document": {"type": "PO", "id": "PO-%d"}}"""
                            .formatted(eventId, i % 7, quantity, i));
                    if (response.status() == 200) {
                        acknowledged.put(eventId, quantity);
                    } else if (response.status() == 503) {
                        unavailable.incrementAndGet();
                        if (response.headers().firstValue("Retry-After").isPresent()
                                && response.contentType().startsWith("application/problem+json")) {
                            retryAfter.incrementAndGet();
                        }
                    } else {
                        unexpected.add(response.status() + " " + response.body());
                    }
                } catch (RuntimeException e) {
                    unexpected.add(e.toString());
                }
            }
        }, "outage-load");
        load.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 20);

        database.close();
        await().atMost(Duration.ofSeconds(60)).until(() -> unavailable.get() >= 3);
        int acknowledgedWhileDown = acknowledged.size();
        database = EmbeddedDatabase.start(dataDirectory, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= acknowledgedWhileDown + 20);
        running.set(false);
        load.join(30_000);

        assertThat(unexpected).isEmpty();
        assertThat(retryAfter.get()).isEqualTo(unavailable.get()).isGreaterThan(0);
        // the LISTEN connection came back too: another process's NOTIFY wakes this one again
        EventNotifications notifications = service.getBean(EventNotifications.class);
        long received = notifications.notificationsReceived();
        try (Connection other = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             Statement notify = other.createStatement()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                notify.execute("NOTIFY " + EventNotifications.CHANNEL + ", 'another process'");
                return notifications.notificationsReceived() > received;
            });
        }
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             PreparedStatement query = connection.prepareStatement("""
                     select convert_from(payload, 'UTF8')::jsonb ->> 'eventId', (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                     from domain_event_entry where payload_type = 'org.recon.api.position.MovementRecorded'
                     and convert_from(payload, 'UTF8')::jsonb ->> 'eventId' like 'erp-outage-%'""");
             ResultSet rows = query.executeQuery()) {
            Map<String, Integer> stored = new java.util.HashMap<>();
            while (rows.next()) {
                assertThat(stored.put(rows.getString(1), rows.getInt(2))).as("applied twice: " + rows.getString(1)).isNull();
            }
            assertThat(stored).containsAllEntriesOf(acknowledged);
        }
    }
}
