package org.recon.devdb;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded PostgreSQL for {@code ./run.sh} until the process is told to stop.
 * Usage: {@code java -jar dev-database-exec.jar <data-directory> <port>}.
 * Prints {@code READY <jdbc-url>} once the database accepts connections.
 */
public final class DevDatabaseMain {

    private DevDatabaseMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args.length > 0 ? args[0] : ".recon-data/postgres").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 54329;
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, port, true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                database.close();
            } catch (Exception e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "embedded-postgres-stop"));
        System.out.println("READY " + database.jdbcUrl());
        System.out.flush();
        stopped.await();
    }
}
