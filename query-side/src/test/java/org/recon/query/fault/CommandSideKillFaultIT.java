package org.recon.query.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * kill -9 of the packaged command side during sustained ingest, then a restart, with a packaged query side
 * following throughout: every movement that got a 2xx is in the event store and in every projection that
 * shows it, none twice, and the positions equal what the event store re-derives. Lives in the query side's
 * module because it needs both services' jars (the reactor builds the command side first); runs in
 * {@code verify} (failsafe) on a database of its own in the test JVM's PostgreSQL.
 */
class CommandSideKillFaultIT {

    private static final Path COMMAND_JAR = Path.of("..", "command-side", "target", "command-side.jar");
    private static final Path QUERY_JAR = Path.of("target", "query-side.jar");
    private static final String DATABASE = "recon_kill_fault";
    private static final String SKU_PREFIX = "KILL-";
    private static final int SKUS = 11;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String jdbcUrl;
    private static int commandPort;
    private static int queryPort;
    private static Process commandSide;
    private static Process querySide;

    @BeforeAll
    static void start() throws Exception {
        assertThat(COMMAND_JAR).as("the command side's jar: build the whole reactor (./mvnw verify from the root)")
                .exists();
        EmbeddedDatabase server = TestDatabase.get();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), EmbeddedDatabase.USER,
                EmbeddedDatabase.PASSWORD)) {
            connection.createStatement().execute("create database " + DATABASE);
        }
        jdbcUrl = server.jdbcUrl().substring(0, server.jdbcUrl().lastIndexOf('/') + 1) + DATABASE;
        commandPort = freePort();
        queryPort = freePort();
        // the command side first: it runs the migrations the query side checks at start-up
        commandSide = startService(COMMAND_JAR, commandPort, "command-side-kill-fault");
        querySide = startService(QUERY_JAR, queryPort, "query-side-kill-fault");
    }

    @AfterAll
    static void stop() {
        for (Process process : new Process[]{commandSide, querySide}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process startService(Path jar, int port, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(Path.of("target"));
        Process process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
                "--spring.profiles.active=embedded", "--recon.db.url=" + jdbcUrl,
                "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + log + ".log")))
                .start();
        Api api = new Api("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api.get("/actuator/health", null).body().contains("\"UP\""));
        return process;
    }

    @Test
    void everyAcknowledgedMovementSurvivesAKillMinusNineIntoTheEventStoreAndTheProjections() throws Exception {
        Api commands = new Api("http://127.0.0.1:" + commandPort);
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
                        var response = commands.post("/api/v1/movements", "erp-dev-key", """
                                {"eventId": "%s", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s%d",
                                 "location": "WH-K", "quantity": %d, "document": {"type": "PO", "id": "PO-%s"}}"""
                                .formatted(eventId, SKU_PREFIX, i % SKUS, quantity, eventId));
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
        commandSide.destroyForcibly().waitFor();
        int beforeRestart = acknowledged.size();
        commandSide = startService(COMMAND_JAR, commandPort, "command-side-kill-fault");
        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= beforeRestart + 200);
        running.set(false);
        for (Thread sender : senders) {
            sender.join(30_000);
        }

        Map<String, Integer> stored = storedMovements();
        assertThat(stored).containsAllEntriesOf(acknowledged);

        // the query side has followed the kill and the restart: once it reaches the head, every stored movement
        // is on the timeline and on its document once, and every position adds up to what was stored
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> processorsAtTheHead() && timelineEntries().size() >= stored.size());
        Map<String, Integer> timeline = timelineEntries();
        assertThat(timeline).isEqualTo(stored);
        assertThat(documentSteps()).isEqualTo(stored);
        Map<String, Integer> storedBySku = new HashMap<>();
        stored.forEach((eventId, quantity) -> storedBySku.merge(skuOf(eventId), quantity, Integer::sum));
        Api queries = new Api("http://127.0.0.1:" + queryPort);
        storedBySku.forEach((sku, quantity) -> {
            JsonNode position = JSON.readTree(queries.get("/api/v1/positions/" + sku + "/WH-K", "reporter-dev-key").body());
            assertThat(position.at("/quantities/on_hand").asLong()).as(sku).isEqualTo(quantity.longValue());
        });
        var verify = queries.post("/api/v1/audit/verify", "auditor-dev-key", "");
        assertThat(verify.status()).isEqualTo(200);
        JsonNode report = JSON.readTree(verify.body());
        assertThat(report.get("checkedPositions").asLong()).isEqualTo(SKUS);
        assertThat(report.get("mismatches")).isEmpty();
    }

    /** The {@code i % SKUS} of the sender that sent it. */
    private static String skuOf(String eventId) {
        int i = Integer.parseInt(eventId.substring(eventId.lastIndexOf('-') + 1));
        return SKU_PREFIX + (i % SKUS);
    }

    private boolean processorsAtTheHead() {
        JsonNode processors = JSON.readTree(new Api("http://127.0.0.1:" + queryPort)
                .get("/api/v1/admin/processors", "admin-dev-key").body());
        assertThat(processors).isNotEmpty();
        for (JsonNode processor : processors) {
            if (processor.get("replaying").asBoolean() || processor.get("lag").isNull() || processor.get("lag").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /** Every movement in the event store, by eventId; a second event for the same eventId fails the test. */
    private static Map<String, Integer> storedMovements() throws SQLException {
        return query("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'eventId', (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                from domain_event_entry where payload_type = 'org.recon.api.position.MovementRecorded'""", "event store");
    }

    /** Every movement on the timeline, by eventId, with the quantity its change moved on hand by. */
    private static Map<String, Integer> timelineEntries() throws SQLException {
        return query("""
                select event_id, (changes::jsonb ->> 'on_hand')::int from qry_timeline_entry where type = 'RECEIVED'""",
                "timeline");
    }

    /** Every movement's document step (one purchase order each), with its effective quantity. */
    private static Map<String, Integer> documentSteps() throws SQLException {
        return query("""
                select substring(document_id from 4), effective::int from qry_document_step where movement_type = 'RECEIVED'""",
                "document steps");
    }

    private static Map<String, Integer> query(String sql, String where) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            while (result.next()) {
                assertThat(rows.put(result.getString(1), result.getInt(2))).as("twice in the " + where + ": "
                        + result.getString(1)).isNull();
            }
        }
        return rows;
    }
}
