package org.recon.command.flow;

import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * DESIGN 4.5 end to end over REST, with the test profile's windows of seconds: timing clears
 * itself, real disagreement becomes an exception with the right owner, and resolving it leaves
 * the position and the audit trail as expected.
 */
class ReconciliationFlowTest extends CommandSideIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(40);

    @Autowired
    JdbcClient jdbc;

    private static String movement(String eventId, String type, String sku, long quantity, String document) {
        return """
                {"eventId": "%s", "type": "%s", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s", "location": "WH-FLOW",
                 "quantity": %d %s}""".formatted(eventId, type, sku, quantity,
                document == null ? "" : ", \"document\": " + document);
    }

    private void stock(Api api, String sku, long onHand) {
        String po = "{\"type\": \"PO\", \"id\": \"PO-" + sku + "\"}";
        assertThat(api.post("/api/v1/movements", "erp-dev-key", movement("erp-rcv-" + sku, "RECEIVED", sku, onHand, po)).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/movements", "warehouse-dev-key", movement("wh-rcv-" + sku, "RECEIVED", sku, onHand, po)).body())
                .contains("ACKNOWLEDGED");
    }

    private Optional<String> exceptionField(String sku, String field, String eventType) {
        return jdbc.sql("""
                        select convert_from(payload, 'UTF8')::jsonb ->> ? from domain_event_entry
                        where payload_type = ? and convert_from(payload, 'UTF8')::jsonb ->> 'positionId' = ?
                        order by global_index""")
                .params(field, "org.recon.api.exception." + eventType, sku + "@WH-FLOW").query(String.class).list()
                .stream().findFirst();
    }

    private List<String> positionEventTypes(String sku) {
        return jdbc.sql("select payload_type from domain_event_entry where aggregate_identifier = ? order by sequence_number")
                .param(sku + "@WH-FLOW").query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    @Test
    void aShipmentTheErpNeverPostsBecomesAMissingAcknowledgementThatAutoResolvesWhenItArrives() {
        Api api = api();
        stock(api, "FLOW-A", 20);
        String order = "{\"type\": \"ORDER\", \"id\": \"SO-A\", \"line\": 1}";
        api.post("/api/v1/movements", "warehouse-dev-key", movement("wh-ship-a", "SHIPPED", "FLOW-A", 2, order));

        await().atMost(PATIENCE).until(() -> exceptionField("FLOW-A", "exceptionId", "ExceptionOpened").isPresent());
        assertThat(exceptionField("FLOW-A", "reason", "ExceptionOpened")).contains("MISSING_ACKNOWLEDGEMENT");
        assertThat(exceptionField("FLOW-A", "team", "ExceptionOpened")).contains("erp-ops");
        assertThat(exceptionField("FLOW-A", "priority", "ExceptionOpened")).contains("P3");
        assertThat(exceptionField("FLOW-A", "system", "ExceptionOpened")).contains("ERP");
        assertThat(positionEventTypes("FLOW-A")).contains("StepOverdue");

        api.post("/api/v1/movements", "erp-dev-key", movement("erp-ship-a", "SHIPPED", "FLOW-A", 2, order));
        await().atMost(PATIENCE).until(() -> exceptionField("FLOW-A", "exceptionId", "ExceptionAutoResolved").isPresent());
    }

    @Test
    void aShipmentBothSystemsPostWithinTheWindowIsTimingAndOpensNothing() {
        Api api = api();
        stock(api, "FLOW-B", 20);
        String order = "{\"type\": \"ORDER\", \"id\": \"SO-B\", \"line\": 1}";
        api.post("/api/v1/movements", "warehouse-dev-key", movement("wh-ship-b", "SHIPPED", "FLOW-B", 2, order));
        api.post("/api/v1/movements", "erp-dev-key", movement("erp-ship-b", "SHIPPED", "FLOW-B", 2, order));
        assertThat(positionEventTypes("FLOW-B")).contains("StepCompleted");
        // longer than the window plus the scheduler's polling: nothing may open
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                .until(() -> exceptionField("FLOW-B", "exceptionId", "ExceptionOpened").isEmpty());
    }

    @Test
    void aCountVarianceGoesToTheWarehouseAndItsAdjustedResolutionIsAppliedToThePosition() {
        Api api = api();
        stock(api, "FLOW-C", 20);
        var counted = api.post("/api/v1/observations", "warehouse-dev-key", """
                {"eventId": "wh-count-c", "observedAt": "2026-03-02T12:00:00Z", "sku": "FLOW-C", "location": "WH-FLOW",
                 "quantities": {"on_hand": 17}}""");
        assertThat(counted.body()).contains("APPLIED");

        await().atMost(PATIENCE).until(() -> exceptionField("FLOW-C", "exceptionId", "ExceptionOpened").isPresent());
        String id = exceptionField("FLOW-C", "exceptionId", "ExceptionOpened").orElseThrow();
        assertThat(exceptionField("FLOW-C", "reason", "ExceptionOpened")).contains("COUNT_VARIANCE");
        assertThat(exceptionField("FLOW-C", "team", "ExceptionOpened")).contains("warehouse-ops");

        String resolution = """
                {"resolution": "ADJUSTED", "note": "three found in returns cage",
                 "adjustment": {"state": "on_hand", "delta": 3, "reason": "found"}}""";
        assertThat(api.post("/api/v1/exceptions/" + id + "/resolve", "erp-ops-dev-key", resolution).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/exceptions/" + id + "/resolve", "warehouse-ops-dev-key", "{\"resolution\": \"ACCEPTED\"}")
                .status()).isEqualTo(400);
        var resolved = api.post("/api/v1/exceptions/" + id + "/resolve", "warehouse-ops-dev-key", resolution);
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(api.post("/api/v1/exceptions/" + id + "/resolve", "warehouse-ops-dev-key", resolution).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/exceptions/" + id + "/acknowledge", "warehouse-ops-dev-key", "").status()).isEqualTo(409);

        await().atMost(PATIENCE).until(() -> onHand("FLOW-C") == 20);
        String adjustment = jdbc.sql("""
                        select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = 'FLOW-C@WH-FLOW'
                        and convert_from(payload, 'UTF8')::jsonb ->> 'exceptionId' = ?""")
                .param(id).query(String.class).single();
        assertThat(adjustment).contains("\"type\":\"ADJUSTED\"").contains("\"reason\":\"found\"").contains("\"manual\":true")
                .contains("\"actor\":\"warehouse-ops-dev\"");
    }

    private long onHand(String sku) {
        Long total = jdbc.sql("""
                        select coalesce(sum((c.value)::bigint), 0) from domain_event_entry e,
                          jsonb_each_text(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                        where e.aggregate_identifier = ? and c.key = 'on_hand'""")
                .param(sku + "@WH-FLOW").query(Long.class).single();
        return total;
    }
}
