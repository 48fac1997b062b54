package org.recon.query.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.IngestLoad;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops in the middle of ingest and comes back, under both packaged services: while it is down the
 * command side answers movements and the query side answers reads with 503 and {@code Retry-After}; afterwards both
 * recover on their own, every movement that got a 2xx is in the event store once, and the query side's read model
 * catches up to equal it. The command side's own test ({@code DatabaseOutageFaultTest}) checks its side in more
 * detail. Runs in {@code verify} (failsafe) with a PostgreSQL of its own, which it stops and starts.
 */
class DatabaseOutageFaultIT {

    private static Path dataDirectory;
    private static int port;
    private static EmbeddedDatabase database;
    private static PackagedServices services;

    @BeforeAll
    static void start() throws IOException {
        dataDirectory = Files.createTempDirectory("recon-outage-pg");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        database = EmbeddedDatabase.start(dataDirectory, port);
        services = PackagedServices.start(database.jdbcUrl(), "outage-fault");
    }

    @AfterAll
    static void stop() throws IOException {
        if (services != null) {
            services.close();
        }
        if (database != null) {
            database.close();
        }
        FileSystemUtils.deleteRecursively(dataDirectory);
    }

    @Test
    void bothServicesAnswer503WhileTheDatabaseIsDownAndRecoverWithNothingAcknowledgedLost() throws Exception {
        IngestLoad load = new IngestLoad(services.commands(), 2, "outage", 7, "WH-O");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 100);
        String positionPath = "/api/v1/positions/" + load.skuOf(load.acknowledged.keySet().iterator().next()) + "/WH-O";
        assertThat(services.queries().get(positionPath, "reporter-dev-key").status()).isEqualTo(200);

        database.close();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.unavailable.get() >= 3);
        var read = services.queries().get(positionPath, "reporter-dev-key");
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.contentType()).startsWith("application/problem+json");
        assertThat(read.headers().firstValue("Retry-After")).isPresent();
        int acknowledgedWhileDown = load.acknowledged.size();
        database = EmbeddedDatabase.start(dataDirectory, port);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= acknowledgedWhileDown + 100);
        load.close();

        assertThat(load.unexpected).isEmpty();
        assertThat(load.refused.get()).isZero();
        assertThat(load.unavailableWithRetryAfter.get()).isEqualTo(load.unavailable.get()).isGreaterThan(0);
        Map<String, Integer> stored = services.storedMovements();
        assertThat(stored).containsAllEntriesOf(load.acknowledged);
        services.assertReadModelEquals(stored, load::skuOf, "WH-O");
    }
}
