package org.recon.command.ingest;

import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest API against the real application and PostgreSQL. */
class MovementIngestTest extends CommandSideIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private static String movement(String eventId, String type, String sku, String location, Object quantity, String document) {
        return """
                {"eventId": "%s", "type": "%s", "occurredAt": "2026-03-02T10:00:00+01:00", "sku": "%s",
                 "location": "%s", "quantity": %s %s}""".formatted(eventId, type, sku, location, quantity,
                document == null ? "" : ", \"document\": " + document);
    }

    private long eventsFor(String eventId) {
        return jdbc.sql("select count(*) from domain_event_entry where payload_type = 'org.recon.api.position.MovementRecorded' "
                + "and convert_from(payload, 'UTF8')::jsonb ->> 'eventId' = ?").param(eventId).query(Long.class).single();
    }

    @Test
    void catalogOwnersMovementIsAppliedOnceAndItsDuplicateChangesNothing() {
        Api api = api();
        String body = movement("erp-po-1", "RECEIVED", " ingest-a ", "wh-east", 10, "{\"type\": \"po\", \"id\": \"PO-1\", \"line\": 1}");
        var first = api.post("/api/v1/movements", "erp-dev-key", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"APPLIED\"").contains("\"sku\":\"INGEST-A\"").contains("\"location\":\"WH-EAST\"");

        var again = api.post("/api/v1/movements", "erp-dev-key", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"DUPLICATE\"");
        assertThat(eventsFor("erp-po-1")).isEqualTo(1);

        var conflicting = api.post("/api/v1/movements", "erp-dev-key", body.replace("\"quantity\": 10", "\"quantity\": 11"));
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.contentType()).startsWith("application/problem+json");
        assertThat(conflicting.body()).contains("\"code\":\"DUPLICATE_CONFLICT\"");
        assertThat(eventsFor("erp-po-1")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_type = 'org.recon.api.position.DuplicateConflictRecorded'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unmappedCodeIsParkedThenReplayedOnceWhenTheAliasIsMapped() {
        Api api = api();
        api.post("/api/v1/movements", "erp-dev-key", movement("erp-seed-b", "RECEIVED", "INGEST-B", "WH-EAST", 5,
                "{\"type\": \"PO\", \"id\": \"PO-B\"}"));
        String shop = movement("shop-res-1", "RESERVATION_CREATED", "shop-sku-b", "WH-EAST", 2, null);
        var parked = api.post("/api/v1/movements", "storefront-dev-key", shop);
        assertThat(parked.body()).contains("\"status\":\"PARKED\"").contains("\"code\":\"UNMAPPED_IDENTITY\"");
        assertThat(api.post("/api/v1/movements", "storefront-dev-key", shop).body()).contains("\"status\":\"DUPLICATE\"");

        var mapped = api.put("/api/v1/aliases/skus/STOREFRONT/SHOP-SKU-B", "admin-dev-key", "{\"sku\": \"INGEST-B\"}");
        assertThat(mapped.status()).isEqualTo(200);
        assertThat(mapped.body()).contains("\"eventId\":\"shop-res-1\"").contains("\"status\":\"APPLIED\"");
        assertThat(eventsFor("shop-res-1")).isEqualTo(1);

        var remapped = api.put("/api/v1/aliases/skus/STOREFRONT/SHOP-SKU-B", "admin-dev-key", "{\"sku\": \"INGEST-B\"}");
        assertThat(remapped.body()).contains("\"replayed\":[]");
        assertThat(eventsFor("shop-res-1")).isEqualTo(1);
    }

    @Test
    void invalidMovementsGetFieldLevelProblemsAndChangeNothing() {
        Api api = api();
        var response = api.post("/api/v1/movements", "warehouse-dev-key", """
                {"eventId": "bad-1", "type": "TELEPORTED", "occurredAt": "2026-03-02T10:00:00", "sku": "A B",
                 "location": "WH-EAST", "quantity": 1.5}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"VALIDATION_FAILED\"")
                .contains("\"field\":\"type\"").contains("\"field\":\"occurredAt\"").contains("\"field\":\"sku\"");
        var missingDocument = api.post("/api/v1/movements", "warehouse-dev-key",
                movement("bad-2", "SHIPPED", "X", "WH-EAST", 0, null));
        assertThat(missingDocument.body()).contains("\"field\":\"quantity\"").contains("\"field\":\"document\"");
        assertThat(jdbc.sql("select count(*) from ingest_receipt where event_id like 'bad-%'").query(Long.class).single()).isZero();
    }

    @Test
    void aSourceMayOnlyReportAsItself() {
        var response = api().post("/api/v1/movements", "warehouse-dev-key",
                movement("wh-x", "DAMAGED", "X", "WH-EAST", 1, null).replace("}", ", \"source\": \"ERP\"}"));
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
        Api api = api();
        String body = movement("erp-race-1", "RECEIVED", "INGEST-RACE", "WH-EAST", 3, "{\"type\": \"PO\", \"id\": \"PO-R\"}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> api.post("/api/v1/movements", "erp-dev-key", body));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<Api.Response> future : pool.invokeAll(calls)) {
                Api.Response response = future.get();
                assertThat(response.status()).isEqualTo(200);
                statuses.add(response.body().replaceAll(".*\"status\":\"(\\w+)\".*", "$1"));
            }
            assertThat(statuses).containsOnlyOnce("APPLIED").filteredOn("DUPLICATE"::equals).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventsFor("erp-race-1")).isEqualTo(1);
    }

    @Test
    void aBatchReportsEachItemOnItsOwn() {
        var response = api().post("/api/v1/movements/batch", "erp-dev-key", """
                {"movements": [%s, %s, %s]}""".formatted(
                movement("erp-b-1", "RECEIPT_EXPECTED", "INGEST-BATCH", "WH-EAST", 4, "{\"type\": \"PO\", \"id\": \"PO-9\"}"),
                movement("erp-b-2", "RECEIPT_EXPECTED", "INGEST-BATCH", "WH-EAST", -4, "{\"type\": \"PO\", \"id\": \"PO-9\"}"),
                movement("erp-b-3", "RECEIPT_EXPECTED", "INGEST-BATCH", "WH-WEST", 4, "{\"type\": \"PO\", \"id\": \"PO-9\"}")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("{\"eventId\":\"erp-b-1\",\"status\":\"APPLIED\"")
                .contains("{\"eventId\":\"erp-b-2\",\"status\":\"REJECTED\",\"code\":\"VALIDATION_FAILED\"")
                .contains("{\"eventId\":\"erp-b-3\",\"status\":\"APPLIED\"");
    }

    @Test
    void aBatchOfAThousandOverManyPositionsIsHandledInOneRequestInOrderPerPosition() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            int position = i % 100;
            // per position: receipts of 1..10 in order, the 500th item invalid
            String quantity = i == 500 ? "0" : String.valueOf(i / 100 + 1);
            items.append(i == 0 ? "" : ",").append(movement("erp-k-" + i, "DAMAGED", "BULK-" + position, "WH-BULK",
                    quantity, null));
        }
        var response = api().post("/api/v1/movements/batch", "erp-dev-key", "{\"movements\": [" + items + "]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().split("\"status\":\"APPLIED\"", -1)).hasSize(1000);
        assertThat(response.body()).contains("{\"eventId\":\"erp-k-500\",\"status\":\"REJECTED\",\"code\":\"VALIDATION_FAILED\"");
        assertThat(response.body().indexOf("erp-k-0\"")).isLessThan(response.body().indexOf("erp-k-999\""));
        Long damaged = jdbc.sql("""
                        select sum((c.value)::bigint) from domain_event_entry e,
                          jsonb_each_text(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                        where e.aggregate_identifier like 'BULK-%@WH-BULK' and c.key = 'damaged'""")
                .query(Long.class).single();
        assertThat(damaged).isEqualTo(5500 - 6);
        List<Long> sequenceOfFirstPosition = jdbc.sql("""
                        select (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::bigint from domain_event_entry
                        where aggregate_identifier = 'BULK-7@WH-BULK' and payload_type like '%MovementRecorded'
                        order by sequence_number""").query(Long.class).list();
        assertThat(sequenceOfFirstPosition).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }
}
