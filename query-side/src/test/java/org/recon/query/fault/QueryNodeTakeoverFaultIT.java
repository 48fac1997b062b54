package org.recon.query.fault;

import org.recon.devdb.Api;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.position.IngestOutcome;
import org.recon.api.position.MovementRecorded;
import org.recon.api.position.MovementType;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import org.recon.support.axon.AxonPersistence;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged query nodes on one PostgreSQL share the processors' segments (by default one per processor, so
 * each node runs some of the processors); after one is killed with kill -9, the other takes its segments over
 * and the read model catches up with every event.
 */
class QueryNodeTakeoverFaultIT {

    private static final Path JAR = Path.of("target", "query-side.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Serializer SERIALIZER = new AxonPersistence().axonSerializer();
    private static EmbeddedDatabase database;
    private static Process first;
    private static Process second;
    private static int firstPort;
    private static int secondPort;

    @BeforeAll
    static void startTwoNodes() throws IOException {
        database = TestDatabase.get();
        firstPort = freePort();
        secondPort = freePort();
        first = start(firstPort, "first");
        second = start(secondPort, "second");
        awaitHealthy(firstPort);
        awaitHealthy(secondPort);
    }

    @AfterAll
    static void stop() {
        for (Process process : new Process[]{first, second}) {
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

    private static Process start(int port, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx512m", "-jar", JAR.toString(), "--server.port=" + port,
                "--spring.profiles.active=embedded", "--recon.db.url=" + database.jdbcUrl(),
                "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD)
                .redirectErrorStream(true)
                .redirectOutput(new File("target/query-node-" + name + ".log"))
                .start();
    }

    private static String get(int port, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get(port, "/actuator/health", null).contains("\"UP\""));
    }

    private static void append(String sku, int sequence) throws SQLException {
        PositionId position = PositionId.of(sku, "WH-T");
        MovementRecorded event = new MovementRecorded(position, SystemId.of("WAREHOUSE"), sku + "-" + sequence,
                MovementType.DAMAGED, Instant.parse("2026-03-02T10:00:00Z"), Instant.now(), 1, 0, null, null, null, null,
                null, null, "warehouse-dev", false, null, IngestOutcome.APPLIED, Map.of("damaged", 1L), Set.of(), null);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             PreparedStatement insert = connection.prepareStatement("""
                     insert into domain_event_entry (event_identifier, meta_data, payload, payload_type, time_stamp,
                       aggregate_identifier, sequence_number, type) values (?, ?, ?, ?, ?, ?, ?, 'InventoryPosition')""")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setBytes(2, SERIALIZER.serialize(MetaData.emptyInstance(), byte[].class).getData());
            insert.setBytes(3, SERIALIZER.serialize(event, byte[].class).getData());
            insert.setString(4, MovementRecorded.class.getName());
            insert.setString(5, Instant.now().toString());
            insert.setString(6, position.asString());
            insert.setLong(7, sequence);
            insert.executeUpdate();
        }
    }

    private static List<String> owners() throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             var rows = connection.createStatement().executeQuery(
                     "select distinct owner from token_entry where owner is not null")) {
            List<String> owners = new java.util.ArrayList<>();
            while (rows.next()) {
                owners.add(rows.getString(1));
            }
            return owners;
        }
    }

    @Test
    void theSurvivorTakesOverTheKilledNodesSegmentsAndCatchesUp() throws Exception {
        List<String> skus = List.of("TAKE-A", "TAKE-B", "TAKE-C", "TAKE-D", "TAKE-E", "TAKE-F");
        for (String sku : skus) {
            append(sku, 0);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> owners().size() == 2);
        for (String sku : skus) {
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    get(secondPort, "/api/v1/positions/" + sku + "/WH-T", "reporter-dev-key").contains("\"damaged\":1"));
        }

        first.destroyForcibly().waitFor();
        for (String sku : skus) {
            append(sku, 1);
            append(sku, 2);
        }
        for (String sku : skus) {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    get(secondPort, "/api/v1/positions/" + sku + "/WH-T", "reporter-dev-key").contains("\"damaged\":3"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> owners().size() == 1); // every processor on the survivor
        assertThat(owners()).singleElement().asString().startsWith(second.pid() + "@"); // Axon's owner: pid@host
    }
}
