package org.recon.query.fault;

import org.recon.devdb.Api;
import org.recon.devdb.EmbeddedDatabase;
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
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both packaged services on one database, as the end-to-end fault tests run them, and the check that the read
 * model ends equal to the event store. The command side's jar comes from the reactor, which builds that module
 * before this one.
 */
final class PackagedServices implements AutoCloseable {

    private static final Path COMMAND_JAR = Path.of("..", "command-side", "target", "command-side.jar");
    private static final Path QUERY_JAR = Path.of("target", "query-side.jar");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String jdbcUrl;
    private final String name;
    private final int commandPort;
    private final int queryPort;
    private Process commandSide;
    private Process querySide;

    private PackagedServices(String jdbcUrl, String name) throws IOException {
        this.jdbcUrl = jdbcUrl;
        this.name = name;
        this.commandPort = freePort();
        this.queryPort = freePort();
    }

    /** Starts the command side (it runs the migrations), then the query side, and waits until both are healthy. */
    static PackagedServices start(String jdbcUrl, String name) throws IOException {
        assertThat(COMMAND_JAR).as("the command side's jar: build the whole reactor (./mvnw verify from the root)")
                .exists();
        PackagedServices services = new PackagedServices(jdbcUrl, name);
        services.commandSide = services.start(COMMAND_JAR, services.commandPort, "command-side");
        services.querySide = services.start(QUERY_JAR, services.queryPort, "query-side");
        return services;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process start(Path jar, int port, String service) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(Path.of("target"));
        Process process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
                "--spring.profiles.active=embedded", "--recon.db.url=" + jdbcUrl,
                "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + name + "-" + service + ".log")))
                .start();
        Api api = new Api("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> api.get("/actuator/health", null).body().contains("\"UP\""));
        return process;
    }

    Api commands() {
        return new Api("http://127.0.0.1:" + commandPort);
    }

    Api queries() {
        return new Api("http://127.0.0.1:" + queryPort);
    }

    void killCommandSide() throws InterruptedException {
        commandSide.destroyForcibly().waitFor();
    }

    void startCommandSide() throws IOException {
        commandSide = start(COMMAND_JAR, commandPort, "command-side");
    }

    /** Every movement in the event store, by eventId, with its quantity; a second event for one eventId fails. */
    Map<String, Integer> storedMovements() throws SQLException {
        return rows("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'eventId', (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                from domain_event_entry where payload_type = 'org.recon.api.position.MovementRecorded'""", "event store");
    }

    /**
     * Waits until the query side has reached the head, then checks that every stored movement (each a {@code
     * RECEIVED} on a purchase order of its own, {@code PO-<eventId>}, at {@code location}) is on the timeline and on
     * its document once with its quantity, that each position's on hand is the sum of its stored movements, and that
     * the audit re-derives every position without a mismatch.
     */
    void assertReadModelEquals(Map<String, Integer> stored, Function<String, String> skuOfEventId, String location)
            throws SQLException {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> processorsAtTheHead() && timeline().size() >= stored.size());
        assertThat(timeline()).isEqualTo(stored);
        assertThat(documentSteps()).isEqualTo(stored);
        Map<String, Long> onHandBySku = new HashMap<>();
        stored.forEach((eventId, quantity) -> onHandBySku.merge(skuOfEventId.apply(eventId), (long) quantity, Long::sum));
        onHandBySku.forEach((sku, onHand) -> {
            JsonNode position = JSON.readTree(queries().get("/api/v1/positions/" + sku + "/" + location,
                    "reporter-dev-key").body());
            assertThat(position.at("/quantities/on_hand").asLong()).as(sku).isEqualTo(onHand);
        });
        var verify = queries().post("/api/v1/audit/verify", "auditor-dev-key", "");
        assertThat(verify.status()).isEqualTo(200);
        JsonNode report = JSON.readTree(verify.body());
        assertThat(report.get("checkedPositions").asLong()).isEqualTo(onHandBySku.size());
        assertThat(report.get("mismatches")).isEmpty();
    }

    private boolean processorsAtTheHead() {
        JsonNode processors = JSON.readTree(queries().get("/api/v1/admin/processors", "admin-dev-key").body());
        assertThat(processors).isNotEmpty();
        for (JsonNode processor : processors) {
            if (processor.get("replaying").asBoolean() || processor.get("lag").isNull() || processor.get("lag").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /** Every movement on the timeline, by eventId, with what it moved on hand by. */
    private Map<String, Integer> timeline() throws SQLException {
        return rows("""
                select event_id, (changes::jsonb ->> 'on_hand')::int from qry_timeline_entry where type = 'RECEIVED'""",
                "timeline");
    }

    /** Every movement's document step, by the eventId in its document's id, with its effective quantity. */
    private Map<String, Integer> documentSteps() throws SQLException {
        return rows("""
                select substring(document_id from 4), effective::int from qry_document_step where movement_type = 'RECEIVED'""",
                "document steps");
    }

    private Map<String, Integer> rows(String sql, String where) throws SQLException {
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

    @Override
    public void close() {
        for (Process process : new Process[]{commandSide, querySide}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
