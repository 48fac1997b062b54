package org.recon.command.ingest;

import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import org.recon.devdb.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches against the real application and PostgreSQL: each item answered on its own (valid, invalid, duplicate,
 * conflicting, parked, refused), and exactly the events the same items sent one by one store, each with the audit
 * metadata of the item that caused it.
 */
class BatchIngestTest extends CommandSideIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    private static String movement(String eventId, String type, String sku, Object quantity, String extra) {
        return """
                {"eventId": "%s", "type": "%s", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s",
                 "location": "WH-MIX", "quantity": %s %s}""".formatted(eventId, type, sku, quantity,
                extra == null ? "" : ", " + extra);
    }

    private static String received(String eventId, String sku) {
        return movement(eventId, "RECEIVED", sku, 4, "\"document\": {\"type\": \"PO\", \"id\": \"PO-MIX\"}");
    }

    private static String shrinkage(String eventId, String sku, long delta) {
        return """
                {"eventId": "%s", "type": "ADJUSTED", "occurredAt": "2026-03-02T10:05:00Z", "sku": "%s",
                 "location": "WH-MIX", "delta": %d, "reason": "shrinkage"}""".formatted(eventId, sku, delta);
    }

    private static String damaged(String eventId, String sku, Object quantity) {
        return movement(eventId, "DAMAGED", sku, quantity, null);
    }

    private static List<JsonNode> results(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(response.body()).get("results").forEach(results::add);
        return results;
    }

    private static String status(JsonNode result) {
        return result.get("status").asString() + (result.has("code") ? "/" + result.get("code").asString() : "");
    }

    /** A position's events after {@code afterIndex}: type, the eventId and reason of their metadata, their changes. */
    private List<Map<String, Object>> events(String aggregate, long afterIndex) {
        return jdbc.sql("""
                        select substring(payload_type from '[^.]+$') as type,
                               convert_from(meta_data, 'UTF8')::jsonb as meta,
                               convert_from(payload, 'UTF8')::jsonb as payload
                        from domain_event_entry where aggregate_identifier = ? and global_index > ?
                        order by sequence_number""")
                .params(aggregate, afterIndex)
                .query((row, n) -> {
                    JsonNode meta = JSON.readTree(row.getString("meta"));
                    JsonNode payload = JSON.readTree(row.getString("payload"));
                    return Map.<String, Object>of("type", row.getString("type"), "meta", meta, "payload", payload);
                }).list();
    }

    private long head() {
        return jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
    }

    /** The event's own statement of the delivery that caused it, where it names one. */
    private static String causeNamedIn(JsonNode payload) {
        for (String field : List.of("eventId", "causeEventId", "firstEventId", "observationEventId")) {
            if (payload.hasNonNull(field)) {
                return payload.get(field).asString();
            }
        }
        return null;
    }

    @Test
    void aMixedBatchAnswersEachItemAndStoresWhatTheItemsOneByOneStore() {
        Api api = api();
        for (String sku : List.of("BMIX-A", "BMIX-B", "BMIX-T")) {
            // the catalog owner makes the codes canonical and expects the purchase order's receipt
            assertThat(api.post("/api/v1/movements", "erp-dev-key", movement("erp-mix-" + sku, "RECEIPT_EXPECTED", sku, 4,
                    "\"document\": {\"type\": \"PO\", \"id\": \"PO-MIX\"}")).status()).isEqualTo(200);
        }
        assertThat(api.post("/api/v1/movements", "warehouse-dev-key", damaged("wh-mix-dup", "BMIX-A", 1)).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/movements", "warehouse-dev-key", damaged("wh-mix-conf", "BMIX-A", 1)).status()).isEqualTo(200);
        long mark = head();

        List<JsonNode> results = results(api.post("/api/v1/movements/batch", "warehouse-dev-key",
                "{\"movements\": [" + String.join(",",
                        received("wh-mix-1", "BMIX-A"),
                        damaged("wh-mix-bad", "BMIX-A", 0),
                        damaged("wh-mix-dup", "BMIX-A", 1),
                        damaged("wh-mix-conf", "BMIX-A", 2),
                        damaged("wh-mix-park", "BMIX-UNKNOWN", 1),
                        shrinkage("wh-mix-2", "BMIX-A", -1),
                        received("wh-mix-1", "BMIX-A"),
                        damaged("wh-mix-3", "BMIX-B", 1),
                        shrinkage("wh-mix-2", "BMIX-A", -2),
                        damaged("wh-mix-src", "BMIX-B", 1).replace("}", ", \"source\": \"ERP\"}"),
                        damaged("wh-mix-4", "BMIX-A", 2),
                        "null") + "]}"));

        assertThat(results).extracting(BatchIngestTest::status).containsExactly(
                "APPLIED", "REJECTED/VALIDATION_FAILED", "DUPLICATE", "REJECTED/DUPLICATE_CONFLICT",
                "PARKED/UNMAPPED_IDENTITY", "APPLIED", "DUPLICATE", "APPLIED", "REJECTED/DUPLICATE_CONFLICT",
                "REJECTED/FORBIDDEN", "APPLIED", "REJECTED/VALIDATION_FAILED");
        assertThat(results).extracting(result -> result.path("eventId").asString(null)).containsExactly(
                "wh-mix-1", "wh-mix-bad", "wh-mix-dup", "wh-mix-conf", "wh-mix-park", "wh-mix-2", "wh-mix-1",
                "wh-mix-3", "wh-mix-2", "wh-mix-src", "wh-mix-4", null);
        assertThat(results.get(0).get("sku").asString()).isEqualTo("BMIX-A");
        assertThat(results.get(2).get("location").asString()).isEqualTo("WH-MIX");

        // the same valid items one by one, at a twin position in the same state
        assertThat(api.post("/api/v1/movements", "warehouse-dev-key", damaged("wh-twin-dup", "BMIX-T", 1)).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/movements", "warehouse-dev-key", damaged("wh-twin-conf", "BMIX-T", 1)).status()).isEqualTo(200);
        long twinMark = head();
        for (String single : List.of(received("wh-twin-1", "BMIX-T"), shrinkage("wh-twin-2", "BMIX-T", -1),
                damaged("wh-twin-4", "BMIX-T", 2))) {
            assertThat(api.post("/api/v1/movements", "warehouse-dev-key", single).body()).contains("\"status\":\"APPLIED\"");
        }
        List<Map<String, Object>> batched = events("BMIX-A@WH-MIX", mark);
        List<Map<String, Object>> oneByOne = events("BMIX-T@WH-MIX", twinMark);
        // the conflicting attempts are recorded on the original's position, besides what the batch decided
        List<Map<String, Object>> decided = batched.stream().filter(e -> !e.get("type").equals("DuplicateConflictRecorded")).toList();
        assertThat(decided).extracting(e -> e.get("type")).isEqualTo(oneByOne.stream().map(e -> e.get("type")).toList());
        assertThat(decided).extracting(e -> ((JsonNode) e.get("payload")).path("changes").toString())
                .isEqualTo(oneByOne.stream().map(e -> ((JsonNode) e.get("payload")).path("changes").toString()).toList());
        assertThat(decided).extracting(e -> ((JsonNode) e.get("meta")).path("eventId").asString().replace("wh-mix-", "wh-twin-"))
                .isEqualTo(oneByOne.stream().map(e -> ((JsonNode) e.get("meta")).path("eventId").asString()).toList());
        assertThat(decided).filteredOn(e -> e.get("type").equals("MovementRecorded"))
                .extracting(e -> ((JsonNode) e.get("payload")).get("eventId").asString())
                .containsExactly("wh-mix-1", "wh-mix-2", "wh-mix-4");

        // every event carries the audit trail of the item that caused it
        List<Map<String, Object>> all = new ArrayList<>(batched);
        all.addAll(events("BMIX-B@WH-MIX", mark));
        assertThat(all).hasSizeGreaterThan(decided.size());
        for (Map<String, Object> event : all) {
            JsonNode meta = (JsonNode) event.get("meta");
            JsonNode payload = (JsonNode) event.get("payload");
            String eventId = meta.path("eventId").asString();
            assertThat(meta.path("system").asString()).as("system of %s", event).isEqualTo("WAREHOUSE");
            assertThat(meta.path("actor").asString()).as("actor of %s", event).isEqualTo("warehouse-dev");
            if (causeNamedIn(payload) != null) {
                assertThat(eventId).as("eventId of %s", event).isEqualTo(causeNamedIn(payload));
            }
            assertThat(meta.path("reason").asString(null)).as("reason of %s", event)
                    .isEqualTo(eventId.equals("wh-mix-2") && !event.get("type").equals("DuplicateConflictRecorded")
                            ? "shrinkage" : null);
        }
        assertThat(all).filteredOn(e -> e.get("type").equals("DuplicateConflictRecorded"))
                .extracting(e -> ((JsonNode) e.get("meta")).path("eventId").asString())
                .containsExactlyInAnyOrder("wh-mix-conf", "wh-mix-2");

        // receipts: one per delivered eventId, settled; refused items leave none
        Map<String, String> receipts = new java.util.HashMap<>();
        jdbc.sql("select event_id, outcome || ':' || coalesce(position_id, inbox_id, '-') as settled from ingest_receipt "
                        + "where system = 'WAREHOUSE' and event_id like 'wh-mix-%'")
                .query((row, n) -> receipts.put(row.getString(1), row.getString(2))).list();
        assertThat(receipts).containsKeys("wh-mix-1", "wh-mix-2", "wh-mix-3", "wh-mix-4", "wh-mix-park", "wh-mix-dup", "wh-mix-conf")
                .doesNotContainKeys("wh-mix-bad", "wh-mix-src");
        assertThat(receipts.get("wh-mix-1")).isEqualTo("APPLIED:BMIX-A@WH-MIX");
        assertThat(receipts.get("wh-mix-3")).isEqualTo("APPLIED:BMIX-B@WH-MIX");
        assertThat(receipts.get("wh-mix-park")).startsWith("PARKED:");
        String inboxId = receipts.get("wh-mix-park").substring("PARKED:".length());
        assertThat(jdbc.sql("select convert_from(meta_data, 'UTF8')::jsonb ->> 'eventId' from domain_event_entry "
                + "where aggregate_identifier = ?").param(inboxId).query(String.class).list()).containsExactly("wh-mix-park");
    }

    @Test
    void concurrentOverlappingBatchesApplyEachMovementOnce() throws Exception {
        Api api = api();
        // the same 60 movements over 6 positions, sent as 4 batches at once (2 in reverse order)
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            items.add(movement("erp-race-b-" + i, "DAMAGED", "BRACE-" + (i % 6), i / 6 + 1, null));
        }
        List<String> reversed = new ArrayList<>(items);
        java.util.Collections.reverse(reversed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<List<JsonNode>> answers = new ArrayList<>();
        try {
            List<Callable<Api.Response>> calls = new ArrayList<>();
            for (List<String> batch : List.of(items, reversed, items, reversed)) {
                calls.add(() -> api.post("/api/v1/movements/batch", "erp-dev-key",
                        "{\"movements\": [" + String.join(",", batch) + "]}"));
            }
            for (Future<Api.Response> future : pool.invokeAll(calls)) {
                answers.add(results(future.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 60; i++) {
            String eventId = "erp-race-b-" + i;
            List<String> statuses = answers.stream().flatMap(List::stream)
                    .filter(result -> result.get("eventId").asString().equals(eventId)).map(BatchIngestTest::status).toList();
            assertThat(statuses).as(eventId).hasSize(4).containsOnlyOnce("APPLIED").containsOnly("APPLIED", "DUPLICATE");
        }
        assertThat(jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier like 'BRACE-%@WH-MIX' "
                + "and payload_type like '%MovementRecorded'").query(Long.class).single()).isEqualTo(60);
        Long damaged = jdbc.sql("""
                        select sum((c.value)::bigint) from domain_event_entry e,
                          jsonb_each_text(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                        where e.aggregate_identifier like 'BRACE-%@WH-MIX' and c.key = 'damaged'""")
                .query(Long.class).single();
        assertThat(damaged).isEqualTo(6 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10));
    }

    @Test
    void aTransferShippedInABatchIsExpectedAtItsDestinationWithTheShipmentsAuditTrail() {
        Api api = api();
        for (String location : List.of("WH-TRA", "WH-TRB")) {
            assertThat(api.post("/api/v1/movements", "erp-dev-key", movement("erp-tr-" + location, "RECEIPT_EXPECTED",
                    "BTRANSFER", 1, "\"document\": {\"type\": \"PO\", \"id\": \"PO-TR\"}").replace("WH-MIX", location))
                    .status()).isEqualTo(200);
        }
        long mark = head();
        String shipped = movement("wh-tr-1", "TRANSFER_SHIPPED", "BTRANSFER", 3,
                "\"document\": {\"type\": \"TRANSFER\", \"id\": \"T-1\"}, \"toLocation\": \"WH-TRB\"")
                .replace("WH-MIX", "WH-TRA");
        String atDestination = damaged("wh-tr-2", "BTRANSFER", 1).replace("WH-MIX", "WH-TRB");
        List<JsonNode> results = results(api.post("/api/v1/movements/batch", "warehouse-dev-key",
                "{\"movements\": [" + shipped + "," + atDestination + "]}"));
        assertThat(results).extracting(BatchIngestTest::status).containsExactly("APPLIED", "APPLIED");
        List<Map<String, Object>> destination = events("BTRANSFER@WH-TRB", mark);
        assertThat(destination).extracting(e -> e.get("type"))
                .contains("TransferArrivalExpected", "MovementRecorded", "StepAwaitingReports");
        for (Map<String, Object> event : destination) {
            JsonNode meta = (JsonNode) event.get("meta");
            // the arrival and its step name the shipment; the damage and what it caused name the damage
            assertThat(meta.path("eventId").asString()).as("eventId of %s", event)
                    .isEqualTo(causeNamedIn((JsonNode) event.get("payload")));
            assertThat(meta.path("system").asString()).isEqualTo("WAREHOUSE");
        }
        Map<String, Object> arrival = destination.stream().filter(e -> e.get("type").equals("TransferArrivalExpected"))
                .findFirst().orElseThrow();
        assertThat(((JsonNode) arrival.get("payload")).path("changes").path("incoming").asLong()).isEqualTo(3);
        assertThat(((JsonNode) arrival.get("meta")).path("eventId").asString()).isEqualTo("wh-tr-1");
    }

    @Test
    void anObservationBatchAnswersEachItem() {
        Api api = api();
        assertThat(api.post("/api/v1/movements", "erp-dev-key", movement("erp-obs-seed", "RECEIPT_EXPECTED", "BOBS-A", 4,
                "\"document\": {\"type\": \"PO\", \"id\": \"PO-OBS\"}")).status()).isEqualTo(200);
        long mark = head();
        String observation = """
                {"eventId": "%s", "observedAt": "%s", "sku": "%s", "location": "WH-MIX", "quantities": %s}""";
        List<JsonNode> results = results(api.post("/api/v1/observations/batch", "warehouse-dev-key",
                "{\"observations\": [" + String.join(",",
                        observation.formatted("wh-obs-1", "2026-03-02T12:00:00Z", "BOBS-A", "{\"on_hand\": 5}"),
                        observation.formatted("wh-obs-2", "2026-03-02T11:00:00Z", "BOBS-A", "{\"on_hand\": 4}"),
                        observation.formatted("wh-obs-bad", "2026-03-02T11:00:00Z", "BOBS-A", "{\"teleported\": 4}"),
                        observation.formatted("wh-obs-1", "2026-03-02T12:00:00Z", "BOBS-A", "{\"on_hand\": 5}"),
                        observation.formatted("wh-obs-park", "2026-03-02T12:00:00Z", "BOBS-UNKNOWN", "{\"on_hand\": 5}"),
                        observation.formatted("wh-obs-3", "2026-03-02T13:00:00Z", "BOBS-A", "{\"on_hand\": 6}")) + "]}"));
        assertThat(results).extracting(BatchIngestTest::status).containsExactly(
                "APPLIED", "STALE", "REJECTED/VALIDATION_FAILED", "DUPLICATE", "PARKED/UNMAPPED_IDENTITY", "APPLIED");
        List<Map<String, Object>> events = events("BOBS-A@WH-MIX", mark);
        assertThat(events).filteredOn(e -> e.get("type").equals("ObservationRecorded"))
                .extracting(e -> ((JsonNode) e.get("payload")).get("eventId").asString())
                .containsExactly("wh-obs-1", "wh-obs-2", "wh-obs-3");
        for (Map<String, Object> event : events) {
            JsonNode meta = (JsonNode) event.get("meta");
            assertThat(meta.path("system").asString()).isEqualTo("WAREHOUSE");
            if (causeNamedIn((JsonNode) event.get("payload")) != null) {
                assertThat(meta.path("eventId").asString()).as("eventId of %s", event)
                        .isEqualTo(causeNamedIn((JsonNode) event.get("payload")));
            }
        }
    }
}
