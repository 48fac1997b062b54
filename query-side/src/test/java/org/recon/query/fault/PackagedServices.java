package org.recon.query.fault;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged services on one database, as the end-to-end fault tests run them (one node of each side, or several),
 * and the check that the read model ends equal to the event store. The command side's jar comes from the reactor,
 * which builds that module before this one.
 */
final class PackagedServices implements AutoCloseable {

    private static final Path COMMAND_JAR = Path.of("..", "command-side", "target", "command-side.jar");
    private static final Path QUERY_JAR = Path.of("target", "query-side.jar");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One service process on its port; started again on the same port after a kill. */
    private final class Node {
        final Path jar;
        final String label;
        final int port;
        Process process;

        Node(Path jar, String label) throws IOException {
            this.jar = jar;
            this.label = label;
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
        }

        void launch() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Files.createDirectories(Path.of("target"));
            process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
                    "--spring.profiles.active=embedded", "--recon.db.url=" + jdbcUrl,
                    "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/" + name + "-" + label + ".log")))
                    .start();
        }

        void awaitHealthy() {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> api().get("/actuator/health", null).body().contains("\"UP\""));
        }

        Api api() {
            return new Api("http://127.0.0.1:" + port);
        }
    }

    private final String jdbcUrl;
    private final String name;
    private final List<Node> commandNodes = new ArrayList<>();
    private final List<Node> queryNodes = new ArrayList<>();

    private PackagedServices(String jdbcUrl, String name) {
        this.jdbcUrl = jdbcUrl;
        this.name = name;
    }

    /** One command side and one query side. */
    static PackagedServices start(String jdbcUrl, String name) throws IOException {
        return start(jdbcUrl, name, 1, 1);
    }

    /**
     * As {@link #start(String, String, int, int)}, on a new database of the given name in the test JVM's PostgreSQL
     * ({@link TestDatabase}), so that tests sharing that server do not see each other's events.
     */
    static PackagedServices onOwnDatabase(String database, int commandNodes, int queryNodes) throws Exception {
        EmbeddedDatabase server = TestDatabase.get();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), EmbeddedDatabase.USER,
                EmbeddedDatabase.PASSWORD)) {
            connection.createStatement().execute("create database " + database);
        }
        String url = server.jdbcUrl().substring(0, server.jdbcUrl().lastIndexOf('/') + 1) + database;
        return start(url, database, commandNodes, queryNodes);
    }

    /**
     * Starts the first command node (it runs the migrations), then the other command nodes, then the query nodes
     * side by side, and waits until each is healthy.
     */
    static PackagedServices start(String jdbcUrl, String name, int commandNodes, int queryNodes) throws IOException {
        assertThat(COMMAND_JAR).as("the command side's jar: build the whole reactor (./mvnw verify from the root)")
                .exists();
        PackagedServices services = new PackagedServices(jdbcUrl, name);
        for (int i = 0; i < commandNodes; i++) {
            services.commandNodes.add(services.new Node(COMMAND_JAR, "command-side" + (i == 0 ? "" : "-" + (i + 1))));
        }
        for (int i = 0; i < queryNodes; i++) {
            services.queryNodes.add(services.new Node(QUERY_JAR, "query-side" + (i == 0 ? "" : "-" + (i + 1))));
        }
        Node first = services.commandNodes.get(0);
        first.launch();
        first.awaitHealthy();
        List<Node> rest = new ArrayList<>(services.commandNodes.subList(1, commandNodes));
        rest.addAll(services.queryNodes);
        for (Node node : rest) {
            node.launch();
        }
        rest.forEach(Node::awaitHealthy);
        return services;
    }

    /** The first command node. */
    Api commands() {
        return commandNodes.get(0).api();
    }

    List<Api> allCommandNodes() {
        return commandNodes.stream().map(Node::api).toList();
    }

    /** A query node that is running. */
    Api queries() {
        return queryNodes.stream().filter(node -> node.process.isAlive()).findFirst().orElseThrow().api();
    }

    /** The first command node, with {@code kill -9}. */
    void killCommandSide() throws InterruptedException {
        commandNodes.get(0).process.destroyForcibly().waitFor();
    }

    /** The first command node again, on its port, once it is healthy. */
    void startCommandSide() throws IOException {
        Node node = commandNodes.get(0);
        node.launch();
        node.awaitHealthy();
    }

    /** Query node {@code index}, with {@code kill -9}. */
    void killQueryNode(int index) throws InterruptedException {
        queryNodes.get(index).process.destroyForcibly().waitFor();
    }

    /**
     * The query nodes (by index) that hold a processor's token: Axon writes {@code pid@host} of the holder into
     * {@code token_entry.owner}. The command side's own processors hold tokens too; they are left out.
     */
    Set<Integer> queryNodesHoldingTokens() throws SQLException {
        Set<Integer> holders = new TreeSet<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             ResultSet result = connection.createStatement().executeQuery(
                     "select distinct owner from token_entry where owner is not null")) {
            while (result.next()) {
                for (int i = 0; i < queryNodes.size(); i++) {
                    if (result.getString(1).startsWith(queryNodes.get(i).process.pid() + "@")) {
                        holders.add(i);
                    }
                }
            }
        }
        return holders;
    }

    /** The eventIds of the movements appended to one position, in the position's sequence. */
    List<String> movementsInSequence(String positionId) throws SQLException {
        List<String> eventIds = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             var query = connection.prepareStatement("""
                     select convert_from(payload, 'UTF8')::jsonb ->> 'eventId' from domain_event_entry
                     where aggregate_identifier = ? and payload_type = 'org.recon.api.position.MovementRecorded'
                     order by sequence_number""")) {
            query.setString(1, positionId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    eventIds.add(result.getString(1));
                }
            }
        }
        return eventIds;
    }

    /**
     * A counter summed over every command node and every series of it, as each node's {@code /actuator/prometheus}
     * reports it (e.g. {@code recon_ingest_retries_total}).
     */
    double commandNodesCounter(String prometheusName) {
        double sum = 0;
        for (Node node : commandNodes) {
            var scrape = node.api().get("/actuator/prometheus", "admin-dev-key");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body()).contains(prometheusName);
            for (String line : scrape.body().split("\n")) {
                if (line.startsWith(prometheusName + "{") || line.startsWith(prometheusName + " ")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
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
        for (Node node : commandNodes) {
            if (node.process != null) {
                node.process.destroyForcibly();
            }
        }
        for (Node node : queryNodes) {
            if (node.process != null) {
                node.process.destroyForcibly();
            }
        }
    }
}
