package org.recon.command.scaleout;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.command.CommandSideApplication;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two command nodes on one PostgreSQL, no command routing: movements for the same position arrive
 * on both at once. Each node caches the aggregate; the event store's unique key and the retry on
 * ConcurrencyException keep the position exact.
 */
class TwoCommandNodesTest extends CommandSideIntegrationTest {

    private static ConfigurableApplicationContext secondNode;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startSecondNode() {
        EmbeddedDatabase database = TestDatabase.get();
        secondNode = new SpringApplicationBuilder(CommandSideApplication.class)
                .profiles("embedded", "test")
                .run("--server.port=0", "--recon.db.url=" + database.jdbcUrl(),
                        "--recon.db.user=" + EmbeddedDatabase.USER, "--recon.db.password=" + EmbeddedDatabase.PASSWORD);
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    @Test
    void concurrentMovementsForOnePositionOnBothNodesAreAllApplied() throws Exception {
        int secondPort = ((WebServerApplicationContext) secondNode).getWebServer().getPort();
        Api first = api();
        Api second = new Api("http://127.0.0.1:" + secondPort);
        int perNode = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < perNode * 2; i++) {
                Api node = i % 2 == 0 ? first : second;
                String body = """
                        {"eventId": "erp-scale-%d", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z",
                         "sku": "SCALE-A", "location": "WH-SCALE", "quantity": %d, "document": {"type": "PO", "id": "PO-S%d"}}"""
                        .formatted(i, i + 1, i);
                calls.add(() -> node.post("/api/v1/movements", "erp-dev-key", body));
            }
            for (Future<Api.Response> future : pool.invokeAll(calls)) {
                Api.Response response = future.get();
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"status\":\"APPLIED\"");
            }
        } finally {
            pool.shutdownNow();
        }
        long expectedOnHand = (long) (perNode * 2) * (perNode * 2 + 1) / 2;
        Long onHand = jdbc.sql("""
                        select sum((c.value)::bigint) from domain_event_entry e,
                          jsonb_each_text(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                        where e.aggregate_identifier = 'SCALE-A@WH-SCALE' and c.key = 'on_hand'""")
                .query(Long.class).single();
        assertThat(onHand).isEqualTo(expectedOnHand);
        List<Long> sequences = jdbc.sql("select sequence_number from domain_event_entry where aggregate_identifier = "
                + "'SCALE-A@WH-SCALE' order by sequence_number").query(Long.class).list();
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i);
        }

        // each node's cached aggregate is still right afterwards: a further movement on each applies on top
        for (Api node : List.of(first, second)) {
            var response = node.post("/api/v1/movements", "erp-dev-key", """
                    {"eventId": "erp-scale-after-%d", "type": "SCRAPPED", "occurredAt": "2026-03-02T11:00:00Z",
                     "sku": "SCALE-A", "location": "WH-SCALE", "quantity": 1}""".formatted(node == first ? 1 : 2));
            assertThat(response.body()).contains("APPLIED");
        }
        Long after = jdbc.sql("""
                        select sum((c.value)::bigint) from domain_event_entry e,
                          jsonb_each_text(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                        where e.aggregate_identifier = 'SCALE-A@WH-SCALE' and c.key = 'on_hand'""")
                .query(Long.class).single();
        assertThat(after).isEqualTo(expectedOnHand - 2);
    }
}
