package org.recon.command.support;

import org.recon.devdb.Api;
import org.recon.command.CommandSideApplication;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the command side's Spring Boot tests: the real application on a random port against the
 * JVM's one embedded PostgreSQL. Every subclass shares one context (same configuration).
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"embedded", "test"})
public abstract class CommandSideIntegrationTest {

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedDatabase database = TestDatabase.get();
        registry.add("recon.db.url", database::jdbcUrl);
        registry.add("recon.db.user", () -> EmbeddedDatabase.USER);
        registry.add("recon.db.password", () -> EmbeddedDatabase.PASSWORD);
    }

    protected Api api() {
        return new Api("http://127.0.0.1:" + port);
    }
}
