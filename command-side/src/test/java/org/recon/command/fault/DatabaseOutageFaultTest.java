package org.recon.command.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.recon.command.CommandSideApplication;
import org.recon.devdb.Api;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.IngestLoad;
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
import java.util.Map;

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
        IngestLoad load = new IngestLoad(api, 1, "outage", 7, "WH-F");
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 20);

        database.close();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.unavailable.get() >= 3);
        int acknowledgedWhileDown = load.acknowledged.size();
        database = EmbeddedDatabase.start(dataDirectory, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= acknowledgedWhileDown + 20);
        load.close();

        assertThat(load.unexpected).isEmpty();
        assertThat(load.refused.get()).isZero();
        assertThat(load.unavailableWithRetryAfter.get()).isEqualTo(load.unavailable.get()).isGreaterThan(0);
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
            assertThat(stored).containsAllEntriesOf(load.acknowledged);
        }
    }
}
