package org.recon.query.exception;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAssigned;
import org.recon.api.exception.ExceptionEscalated;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.Priority;
import org.recon.api.exception.Resolution;
import org.recon.api.exception.ResolutionAdjustment;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.MovementType;
import org.recon.query.support.QuerySideIntegrationTest;
import tools.jackson.databind.JsonNode;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.EXCEPTION;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;

class ExceptionReadModelTest extends QuerySideIntegrationTest {

    private static final Instant OPENED = Instant.parse("2026-03-02T12:00:00Z");

    @Test
    void exceptionLifecycleHistoryAndThePositionsStatus() throws Exception {
        String sku = unique("EXC");
        PositionId position = PositionId.of(sku, "WH-EAST");
        publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-1", MovementType.COUNTED,
                OPENED.minusSeconds(600), 7, null, Map.of("on_hand", 7L), null));
        String first = sku + "-E1";
        String second = sku + "-E2";
        publish(EXCEPTION, first, new ExceptionOpened(first, position, SystemId.of("WAREHOUSE"), "on_hand",
                ExceptionReason.COUNT_VARIANCE, Priority.P3, "warehouse-ops", OPENED, OPENED.plusSeconds(86_400),
                Map.of("unexplained", -1, "observationEventId", sku + "-obs"), null, "var-1"));
        publish(EXCEPTION, second, new ExceptionOpened(second, position, SystemId.of("ERP"), null,
                ExceptionReason.MISSING_ACKNOWLEDGEMENT, Priority.P3, "erp-ops", OPENED.plusSeconds(60),
                OPENED.plusSeconds(86_460), Map.of("document", "ORDER/SO-1"), first, "step-1"));
        await(() -> assertThat(getJson("/api/v1/positions/" + sku + "/WH-EAST", "reporter-dev-key")
                .get("openExceptions")).hasSize(2));
        assertThat(getJson("/api/v1/positions/" + sku + "/WH-EAST", "reporter-dev-key").get("status").asString())
                .isEqualTo("EXCEPTION");
        assertThat(getJson("/api/v1/positions?sku=" + sku + "&status=EXCEPTION", "reporter-dev-key")
                .get("totalItems").asLong()).isEqualTo(1);

        publish(EXCEPTION, first, new ExceptionEscalated(first, position, Priority.P3, "warehouse-ops",
                OPENED.plusSeconds(86_400), OPENED.plusSeconds(86_401)));
        publish(EXCEPTION, first, new ExceptionAcknowledged(first, position, "warehouse-ops-dev", OPENED.plusSeconds(90_000)));
        publish(EXCEPTION, first, new ExceptionAssigned(first, position, "warehouse-ops", "erp-ops", "admin-dev",
                OPENED.plusSeconds(90_100)));
        publish(EXCEPTION, first, new ExceptionResolved(first, position, Resolution.ADJUSTED, "recount confirmed",
                new ResolutionAdjustment("on_hand", -1, AdjustmentReason.EXCEPTION_RESOLUTION), "erp-ops-dev",
                OPENED.plusSeconds(90_200), false));
        await(() -> assertThat(getJson("/api/v1/exceptions/" + first, "erp-ops-dev-key").get("status").asString())
                .isEqualTo("RESOLVED"));

        JsonNode e = getJson("/api/v1/exceptions/" + first, "erp-ops-dev-key");
        assertThat(e.get("id").asString()).isEqualTo(first);
        assertThat(e.get("sku").asString()).isEqualTo(sku);
        assertThat(e.get("location").asString()).isEqualTo("WH-EAST");
        assertThat(e.get("system").asString()).isEqualTo("WAREHOUSE");
        assertThat(e.get("state").asString()).isEqualTo("on_hand");
        assertThat(e.get("reason").asString()).isEqualTo("COUNT_VARIANCE");
        assertThat(e.get("priority").asString()).isEqualTo("P3");
        assertThat(e.get("team").asString()).isEqualTo("erp-ops");
        assertThat(e.get("escalated").asBoolean()).isTrue();
        assertThat(e.get("openedAt").asString()).isEqualTo("2026-03-02T12:00:00Z");
        assertThat(e.get("acknowledgedAt").asString()).isEqualTo(OPENED.plusSeconds(90_000).toString());
        assertThat(e.get("resolvedAt").asString()).isEqualTo(OPENED.plusSeconds(90_200).toString());
        assertThat(e.get("slaDueAt").asString()).isEqualTo(OPENED.plusSeconds(86_400).toString());
        assertThat(e.get("evidence").get("unexplained").asInt()).isEqualTo(-1);
        assertThat(e.get("resolution").get("code").asString()).isEqualTo("ADJUSTED");
        assertThat(e.get("resolution").get("note").asString()).isEqualTo("recount confirmed");
        assertThat(e.get("resolution").get("adjustment").get("delta").asLong()).isEqualTo(-1);
        assertThat(e.get("resolution").get("adjustment").get("reason").asString()).isEqualTo("exception_resolution");
        assertThat(e.get("recurrenceOf").isNull()).isTrue();
        assertThat(e.get("history")).extracting(h -> h.get("event").asString())
                .containsExactly("OPENED", "ESCALATED", "ACKNOWLEDGED", "ASSIGNED", "RESOLVED");
        assertThat(getJson("/api/v1/exceptions/" + second, "erp-ops-dev-key").get("recurrenceOf").asString())
                .isEqualTo(first);

        await(() -> assertThat(getJson("/api/v1/positions/" + sku + "/WH-EAST", "reporter-dev-key")
                .get("openExceptions")).hasSize(1));
        JsonNode open = getJson("/api/v1/exceptions?sku=" + sku + "&status=open", "reporter-dev-key");
        assertThat(open.get("totalItems").asLong()).isEqualTo(1);
        assertThat(open.get("items").get(0).get("id").asString()).isEqualTo(second);
        JsonNode all = getJson("/api/v1/exceptions?sku=" + sku, "reporter-dev-key");
        assertThat(all.get("items")).extracting(i -> i.get("id").asString()).containsExactly(first, second);
        assertThat(getJson("/api/v1/exceptions?sku=" + sku + "&team=erp-ops&reason=COUNT_VARIANCE&priority=P3",
                "reporter-dev-key").get("totalItems").asLong()).isEqualTo(1);
        assertThat(getJson("/api/v1/exceptions?sku=" + sku + "&location=WH-WEST", "reporter-dev-key")
                .get("totalItems").asLong()).isZero();

        var csv = api().get("/api/v1/exceptions?sku=" + sku, "reporter-dev-key", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.body()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).contains("id", "sku", "location", "status", "openedAt",
                    "evidence.unexplained", "resolution.code", "resolution.adjustment.delta", "history");
            List<CSVRecord> records = parser.getRecords();
            assertThat(records).hasSize(2);
            assertThat(records.get(0).get("id")).isEqualTo(first);
            assertThat(records.get(0).get("resolution.adjustment.delta")).isEqualTo("-1");
            assertThat(records.get(0).get("evidence.unexplained")).isEqualTo("-1");
            assertThat(records.get(1).get("status")).isEqualTo("OPEN");
        }

        var positionsCsv = api().get("/api/v1/positions?sku=" + sku, "reporter-dev-key", "text/csv");
        try (CSVParser parser = CSVParser.parse(new StringReader(positionsCsv.body()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).startsWith("sku", "location", "quantities.on_hand",
                    "quantities.available");
            CSVRecord row = parser.getRecords().get(0);
            assertThat(row.get("quantities.on_hand")).isEqualTo("7");
            assertThat(row.get("status")).isEqualTo("EXCEPTION");
            assertThat(row.get("openExceptions")).isEqualTo(second);
        }

        assertThat(api().get("/api/v1/exceptions/" + sku + "-NOPE", "reporter-dev-key").status()).isEqualTo(404);
        assertThat(api().get("/api/v1/exceptions?priority=P9", "reporter-dev-key").status()).isEqualTo(400);
    }

    @Test
    void activeExceptionsAreGaugedByStatusPriorityAndSlaBreach() {
        String sku = unique("GAUGE");
        PositionId position = PositionId.of(sku, "WH-EAST");
        String id = sku + "-E1";
        double openBefore = active("OPEN", "false");
        double escalatedBefore = active("OPEN", "true");
        double acknowledgedBefore = active("ACKNOWLEDGED", "true");

        publish(EXCEPTION, id, new ExceptionOpened(id, position, SystemId.of("STOREFRONT"), "available",
                ExceptionReason.NEGATIVE_AVAILABLE, Priority.P1, "ecommerce-ops", OPENED, OPENED.plusSeconds(1_800),
                Map.of("available", -2), null, "avail-1"));
        await(() -> assertThat(active("OPEN", "false")).isEqualTo(openBefore + 1));

        publish(EXCEPTION, id, new ExceptionEscalated(id, position, Priority.P1, "ecommerce-ops",
                OPENED.plusSeconds(1_800), OPENED.plusSeconds(1_801)));
        await(() -> assertThat(active("OPEN", "true")).isEqualTo(escalatedBefore + 1));
        assertThat(active("OPEN", "false")).isEqualTo(openBefore);

        publish(EXCEPTION, id, new ExceptionAcknowledged(id, position, "ecommerce-ops-dev", OPENED.plusSeconds(1_900)));
        await(() -> assertThat(active("ACKNOWLEDGED", "true")).isEqualTo(acknowledgedBefore + 1));
        assertThat(active("OPEN", "true")).isEqualTo(escalatedBefore);

        publish(EXCEPTION, id, new ExceptionResolved(id, position, Resolution.CORRECTED_AT_SOURCE, "fixed in the shop",
                null, "ecommerce-ops-dev", OPENED.plusSeconds(2_000), false));
        await(() -> assertThat(active("ACKNOWLEDGED", "true")).isEqualTo(acknowledgedBefore));
        assertThat(api().get("/actuator/metrics/recon.exceptions.active", "reporter-dev-key").status()).isEqualTo(403);
    }

    /** The P1 series of the gauge operators alert on, as the actuator reports it to an admin. */
    private double active(String status, String escalated) {
        JsonNode gauge = getJson("/actuator/metrics/recon.exceptions.active?tag=priority:P1&tag=status:" + status
                + "&tag=escalated:" + escalated, "admin-dev-key");
        return gauge.get("measurements").get(0).get("value").asDouble();
    }
}
