package org.recon.command.ingest;

import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Observations, operator adjustments, risk flags and the inbox over REST, against PostgreSQL. */
class ObservationAndAdjustmentTest extends CommandSideIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    private List<String> eventTypes(String positionId) {
        return jdbc.sql("select payload_type from domain_event_entry where aggregate_identifier = ? order by sequence_number")
                .param(positionId).query(String.class).list().stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private void seed(Api api, String sku, int onHand) {
        var seeded = api.post("/api/v1/movements", "warehouse-dev-key", """
                {"eventId": "seed-%s", "type": "COUNTED", "occurredAt": "2026-03-01T08:00:00Z", "sku": "%s",
                 "location": "WH-OBS", "quantity": %d}""".formatted(sku, sku, onHand));
        assertThat(seeded.body()).as(seeded.body()).contains("PARKED");
        api.put("/api/v1/skus/" + sku, "admin-dev-key", "{\"description\": \"test\"}");
        api.put("/api/v1/locations/WH-OBS", "admin-dev-key", "{}");
    }

    @Test
    void ownerObservationSetsTheReconciledValueAndAStaleOneIsOnlyRecorded() {
        Api api = api();
        seed(api, "OBS-A", 10);
        var observed = api.post("/api/v1/observations", "warehouse-dev-key", """
                {"eventId": "wh-snap-1", "observedAt": "2026-03-02T12:00:00Z", "sku": "OBS-A", "location": "WH-OBS",
                 "quantities": {"on_hand": 7}}""");
        assertThat(observed.status()).isEqualTo(200);
        assertThat(observed.body()).contains("\"status\":\"APPLIED\"");
        var stale = api.post("/api/v1/observations", "warehouse-dev-key", """
                {"eventId": "wh-snap-0", "observedAt": "2026-03-02T11:00:00Z", "sku": "OBS-A", "location": "WH-OBS",
                 "quantities": {"on_hand": 3}}""");
        assertThat(stale.body()).contains("\"status\":\"STALE\"");
        List<String> types = eventTypes("OBS-A@WH-OBS");
        assertThat(types).contains("ObservationRecorded", "PositionCorrected", "VarianceDetected");
        assertThat(types.stream().filter("PositionCorrected"::equals).count()).isEqualTo(2);
    }

    @Test
    void badObservationsAreRefusedByField() {
        var response = api().post("/api/v1/observations", "erp-dev-key", """
                {"eventId": "erp-bad", "observedAt": "yesterday", "sku": "OBS-B", "location": "WH-OBS",
                 "quantities": {"on_hand": -1, "sold": 3}}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"observedAt\"").contains("\"field\":\"quantities.on_hand\"")
                .contains("\"field\":\"quantities.sold\"");
    }

    @Test
    void operatorAdjustmentAppliesWithReasonAndActor() {
        Api api = api();
        seed(api, "ADJ-A", 10);
        var adjusted = api.post("/api/v1/adjustments", "warehouse-ops-dev-key", """
                {"sku": "ADJ-A", "location": "WH-OBS", "state": "on_hand", "delta": -2, "reason": "shrinkage",
                 "note": "torn bag"}""");
        assertThat(adjusted.status()).isEqualTo(200);
        assertThat(adjusted.body()).contains("\"status\":\"APPLIED\"");
        String payload = jdbc.sql("select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = ? "
                        + "and payload_type like '%MovementRecorded' order by sequence_number desc limit 1")
                .param("ADJ-A@WH-OBS").query(String.class).single();
        assertThat(payload).contains("\"actor\":\"warehouse-ops-dev\"").contains("\"manual\":true")
                .contains("\"reason\":\"shrinkage\"").contains("\"on_hand\":-2");
        String metadata = jdbc.sql("select convert_from(meta_data, 'UTF8') from domain_event_entry where aggregate_identifier = ? "
                        + "and payload_type like '%MovementRecorded' order by sequence_number desc limit 1")
                .param("ADJ-A@WH-OBS").query(String.class).single();
        assertThat(metadata).contains("\"actor\":\"warehouse-ops-dev\"").contains("\"reason\":\"shrinkage\"").contains("correlationId");
    }

    @Test
    void adjustmentsNeedAValidReasonAStateOtherThanAvailableAndANonZeroDelta() {
        var response = api().post("/api/v1/adjustments", "admin-dev-key", """
                {"sku": "ADJ-B", "location": "WH-OBS", "state": "available", "delta": 0, "reason": "other"}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"state\"").contains("\"field\":\"delta\"").contains("\"field\":\"note\"");
        var sourceKey = api().post("/api/v1/adjustments", "warehouse-dev-key", "{}");
        assertThat(sourceKey.status()).isEqualTo(403);
    }

    @Test
    void riskFlagsAreSetByOperatorsAndValidated() {
        var set = api().put("/api/v1/skus/RISK-A/risk", "ecommerce-ops-dev-key", "{\"flags\": [\"promotion\", \"TOP_SELLER\"]}");
        assertThat(set.status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from sku_risk_flag where sku = 'RISK-A'").query(Long.class).single()).isEqualTo(2);
        var bad = api().put("/api/v1/skus/RISK-A/risk", "admin-dev-key", "{\"flags\": [\"CHEAP\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(api().put("/api/v1/skus/RISK-A/risk", "reporter-dev-key", "{\"flags\": []}").status()).isEqualTo(403);
    }

    @Test
    void aParkedMessageCanBeReplayedByHandOnlyOnce() {
        Api api = api();
        var parked = api.post("/api/v1/movements", "storefront-dev-key", """
                {"eventId": "shop-inbox-1", "type": "RESERVATION_CREATED", "occurredAt": "2026-03-02T10:00:00Z",
                 "sku": "INBOX-A", "location": "STORE-1", "quantity": 1}""");
        assertThat(parked.body()).contains("PARKED");
        String inboxId = jdbc.sql("select inbox_id from inbox_entry where event_id = 'shop-inbox-1'").query(String.class).single();
        assertThat(api.post("/api/v1/inbox/" + inboxId + "/replay", "admin-dev-key", "").body()).contains("\"status\":\"PARKED\"");
        api.put("/api/v1/skus/INBOX-A", "admin-dev-key", "{}");
        var registered = api.put("/api/v1/locations/STORE-1", "admin-dev-key", "{}");
        assertThat(registered.body()).contains("\"eventId\":\"shop-inbox-1\"").contains("\"status\":\"APPLIED\"");
        assertThat(api.post("/api/v1/inbox/" + inboxId + "/replay", "admin-dev-key", "").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/inbox/nope/replay", "admin-dev-key", "").status()).isEqualTo(404);
    }
}
