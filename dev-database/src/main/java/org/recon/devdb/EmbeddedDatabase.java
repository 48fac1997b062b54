package org.recon.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * A real PostgreSQL 17 server from the zonky binaries, with a database named {@value #DATABASE}.
 * Used by {@code ./run.sh} (persistent data directory) and by the tests (throw-away directory).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "recon";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    /**
     * Server settings this service relies on, whichever PostgreSQL it runs on; {@code docker-compose.yml} passes the
     * same. {@code max_wal_size} and {@code checkpoint_timeout}: an event store writes all the time, and with the
     * defaults (1 GB, 5 min) a checkpoint was forced about every minute under load, each followed by full-page images
     * of every page touched again (more WAL, more CPU), and the latency tail followed the checkpoints; the usual
     * settings for a write-heavy database, at the price of a longer crash recovery (docs/DECISIONS.md, section 7).
     * {@code wal_init_zero=off}: a new cluster has no WAL segments to recycle, and by default writes each new 16 MB
     * segment full of zeros, with the write that needs it waiting; for the first 4 GB of WAL that cost a third of the
     * replay's speed and stalled the commits of the ingest (section 7). The segment is still created at its full size.
     */
    public static final Map<String, String> SERVER_SETTINGS = Map.of(
            "max_connections", "300",
            "max_wal_size", "4GB",
            "checkpoint_timeout", "15min",
            "wal_init_zero", "off");

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a throw-away server for tests (see {@link #start(Path, int, boolean)}; not durable).
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, false);
    }

    /**
     * Starts a server on the given data directory, keeping what is already there.
     *
     * @param dataDirectory where the cluster lives; created on first start and reused afterwards
     * @param port          TCP port on loopback, or 0 for a free one
     * @param durable       {@code true} for data that must survive a crash ({@code ./run.sh}): a commit is
     *                      acknowledged only once its WAL is flushed. The zonky defaults ({@code -F},
     *                      {@code synchronous_commit=off}) suit throw-away test clusters only: with them a
     *                      kill -9 of PostgreSQL loses the last acknowledged transactions.
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, boolean durable) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("listen_addresses", "127.0.0.1");
        SERVER_SETTINGS.forEach(builder::setServerConfig);
        if (durable) {
            // later on the command line than zonky's -F, so these win
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
        database.createApplicationDatabase();
        return database;
    }

    private void createApplicationDatabase() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!rows.next()) {
                statement.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("could not create database " + DATABASE, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
