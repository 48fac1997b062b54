package org.recon.query.audit;

import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.api.position.MovementType;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.query.support.QuerySideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;

class AuditAndReportsTest extends QuerySideIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void auditStreamIsPagedInGlobalOrderWithAuditMetadata() {
        var forbidden = api().get("/api/v1/audit/events", "reporter-dev-key");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(JSON.readTree(forbidden.body()).get("code").asString()).isEqualTo("FORBIDDEN");

        long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        String sku = unique("AUD");
        PositionId position = PositionId.of(sku, "WH-1");
        for (int i = 1; i <= 3; i++) {
            publish(POSITION, position.asString(), movement(position, "STOREFRONT", sku + "-" + i,
                            MovementType.RESERVATION_CREATED, T0, i, null, Map.of("reserved", (long) i), null),
                    Map.of("system", "STOREFRONT", "eventId", sku + "-" + i, "actor", "storefront-dev",
                            "reason", "test", "correlationId", "corr-" + i));
        }
        JsonNode page = getJson("/api/v1/audit/events?after=" + head + "&limit=2", "auditor-dev-key");
        assertThat(page.get("items")).hasSize(2);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("globalIndex").asLong()).isGreaterThan(head);
        assertThat(first.get("aggregateId").asString()).isEqualTo(position.asString());
        assertThat(first.get("sequence").asLong()).isZero();
        assertThat(first.get("type").asString()).isEqualTo("MovementRecorded");
        assertThat(first.get("recordedAt").isNull()).isFalse();
        assertThat(first.get("payload").get("eventId").asString()).isEqualTo(sku + "-1");
        assertThat(first.get("payload").get("changes").get("reserved").asLong()).isEqualTo(1);
        assertThat(first.get("metadata").get("system").asString()).isEqualTo("STOREFRONT");
        assertThat(first.get("metadata").get("eventId").asString()).isEqualTo(sku + "-1");
        assertThat(first.get("metadata").get("actor").asString()).isEqualTo("storefront-dev");
        assertThat(first.get("metadata").get("reason").asString()).isEqualTo("test");
        assertThat(first.get("metadata").get("correlationId").asString()).isEqualTo("corr-1");
        long next = page.get("next").asLong();
        assertThat(next).isEqualTo(page.get("items").get(1).get("globalIndex").asLong());
        JsonNode last = getJson("/api/v1/audit/events?after=" + next + "&limit=2", "admin-dev-key");
        assertThat(last.get("items")).hasSize(1);
        assertThat(last.get("items").get(0).get("sequence").asLong()).isEqualTo(2);
        assertThat(last.get("next").isNull()).isTrue();
        assertThat(api().get("/api/v1/audit/events?limit=1001", "auditor-dev-key").status()).isEqualTo(400);
    }

    @Test
    void verifyReportsACorruptedRow() {
        String sku = unique("VER");
        PositionId position = PositionId.of(sku, "WH-1");
        publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-1", MovementType.COUNTED,
                T0, 12, null, Map.of("on_hand", 12L), null));
        await(() -> assertThat(api().get("/api/v1/positions/" + sku + "/WH-1", "auditor-dev-key").status()).isEqualTo(200));

        JsonNode clean = JSON.readTree(api().post("/api/v1/audit/verify", "auditor-dev-key", "").body());
        assertThat(clean.get("checkedPositions").asLong()).isPositive();
        assertThat(clean.get("mismatches")).noneMatch(m -> m.get("sku").asString().equals(sku));

        jdbc.update("update qry_position set on_hand = 99 where position_id = ?", position.asString());
        var response = api().post("/api/v1/audit/verify", "auditor-dev-key", "");
        assertThat(response.status()).isEqualTo(200);
        JsonNode mismatches = JSON.readTree(response.body()).get("mismatches");
        assertThat(mismatches).filteredOn(m -> m.get("sku").asString().equals(sku)).singleElement().satisfies(m -> {
            assertThat(m.get("location").asString()).isEqualTo("WH-1");
            assertThat(m.get("field").asString()).isEqualTo("quantities.on_hand");
            assertThat(m.get("expected").asString()).isEqualTo("12");
            assertThat(m.get("actual").asString()).isEqualTo("99");
        });
        jdbc.update("update qry_position set on_hand = 12 where position_id = ?", position.asString());
        assertThat(api().post("/api/v1/audit/verify", "reporter-dev-key", "").status()).isEqualTo(403);
    }

    @Test
    void inboxShowsParkedAndReplayedMessages() {
        String id = unique("INBOX");
        publish("InboxMessage", id, new MessageParked(id, SystemId.of("STOREFRONT"), id + "-evt", "MOVEMENT",
                "UNMAPPED_IDENTITY", "unknown SKU shopify-123", "shopify-123", "WH-1", "{\"quantity\":1}",
                "storefront-dev", T0));
        await(() -> assertThat(getJson("/api/v1/inbox?status=PARKED&size=500", "admin-dev-key").get("items"))
                .anyMatch(m -> m.get("id").asString().equals(id)));
        publish("InboxMessage", id, new ParkedMessageReplayed(id, SystemId.of("STOREFRONT"), id + "-evt", "APPLIED",
                null, "admin-dev", T0.plusSeconds(60)));
        await(() -> assertThat(getJson("/api/v1/inbox?status=REPLAYED&size=500", "admin-dev-key").get("items"))
                .filteredOn(m -> m.get("id").asString().equals(id)).singleElement().satisfies(m -> {
                    assertThat(m.get("code").asString()).isEqualTo("UNMAPPED_IDENTITY");
                    assertThat(m.get("externalSku").asString()).isEqualTo("shopify-123");
                    assertThat(m.get("outcome").asString()).isEqualTo("APPLIED");
                    assertThat(m.get("replayedAt").asString()).isEqualTo("2026-04-01T08:01:00Z");
                }));
        assertThat(api().get("/api/v1/inbox", "auditor-dev-key").status()).isEqualTo(403);
        assertThat(api().get("/api/v1/inbox?status=LOST", "admin-dev-key").status()).isEqualTo(400);
    }

    @Test
    void varianceSummaryGroupsDisagreementsOfAPeriod() throws Exception {
        String location = unique("LOC");
        PositionId a = PositionId.of(unique("SUM"), location);
        Instant detected = Instant.parse("2026-05-01T10:00:00Z");
        publish(POSITION, a.asString(), new VarianceDetected(a, "v1", SystemId.of("STOREFRONT"), "available", 9, 8, 1,
                0, "OVERSELL_RISK", false, false, Duration.ofMinutes(15), detected, "obs-1"));
        publish(POSITION, a.asString(), new VarianceDetected(a, "v2", SystemId.of("ERP"), "on_hand", 5, 8, -3,
                0, "SOURCE_MISMATCH", false, false, Duration.ofMinutes(15), detected.plusSeconds(10), "obs-2"));
        publish(POSITION, a.asString(), new VarianceCleared(a, "v1", SystemId.of("STOREFRONT"), "available",
                detected, detected.plusSeconds(120), 120_000, "obs-3"));
        String period = "from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z";
        await(() -> assertThat(getJson("/api/v1/reports/variance-summary?" + period + "&groupBy=location",
                "reporter-dev-key").get("items")).filteredOn(r -> r.get("key").asString().equals(location))
                .singleElement().satisfies(r -> assertThat(r.get("timing").asLong()).isEqualTo(1)));
        JsonNode row = getJson("/api/v1/reports/variance-summary?" + period + "&groupBy=location", "reporter-dev-key")
                .get("items").valueStream().filter(r -> r.get("key").asString().equals(location)).findFirst().orElseThrow();
        assertThat(row.get("detected").asLong()).isEqualTo(2);
        assertThat(row.get("open").asLong()).isEqualTo(1);
        assertThat(row.get("overdue").asLong()).isZero();
        assertThat(row.get("unexplainedUnits").asLong()).isEqualTo(4);
        assertThat(row.get("averageTimingMillis").asLong()).isEqualTo(120_000);
        JsonNode byReason = getJson("/api/v1/reports/variance-summary?" + period + "&groupBy=reason", "reporter-dev-key");
        assertThat(byReason.get("groupBy").asString()).isEqualTo("reason");
        assertThat(byReason.get("items")).extracting(r -> r.get("key").asString()).contains("OVERSELL_RISK", "SOURCE_MISMATCH");
        var csv = api().get("/api/v1/reports/variance-summary?" + period + "&groupBy=system", "reporter-dev-key", "text/csv");
        assertThat(csv.body().lines().findFirst().orElseThrow())
                .isEqualTo("key,detected,timing,overdue,open,unexplainedUnits,averageTimingMillis");
        assertThat(api().get("/api/v1/reports/variance-summary?groupBy=planet", "reporter-dev-key").status()).isEqualTo(400);
    }
}
