package org.recon.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * One embedded PostgreSQL per test JVM, started on first use and stopped when the JVM exits.
 */
public final class TestDatabase {

    private static EmbeddedDatabase instance;

    private TestDatabase() {
    }

    public static synchronized EmbeddedDatabase get() {
        if (instance == null) {
            try {
                instance = EmbeddedDatabase.start(Files.createTempDirectory("recon-test-pg"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedDatabase started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary cluster goes with it
                }
            }));
        }
        return instance;
    }
}
