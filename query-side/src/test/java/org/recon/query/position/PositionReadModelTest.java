package org.recon.query.position;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.position.MovementType;
import org.recon.api.position.ObservationVerdict;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.VarianceDetected;
import org.recon.query.support.QuerySideIntegrationTest;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;
import static org.recon.query.support.Events.observation;
import static org.recon.query.support.Events.observed;
import static org.recon.query.support.Events.step;
import static org.recon.query.support.Events.system;

/** The worked example of DESIGN 4.6, as the command side records it, read back through the query API. */
class PositionReadModelTest extends QuerySideIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private String sku;
    private PositionId position;
    private String path;

    @BeforeEach
    void position() {
        sku = unique("TSHIRT");
        position = PositionId.of(sku, "WH-EAST");
        path = "/api/v1/positions/" + sku + "/WH-EAST";
    }

    private void workedExample() {
        DocumentRef po = new DocumentRef("PO", "PO-" + sku, "1");
        publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-r1", MovementType.RECEIVED,
                T0, 10, po, Map.of("on_hand", 10L), step(po, MovementType.RECEIVED, "WAREHOUSE",
                        Set.of("WAREHOUSE", "ERP"), Map.of("WAREHOUSE", 10L, "ERP", 10L), 10, false, Map.of(), true, T0)));

        DocumentRef so = new DocumentRef("ORDER", "SO-" + sku, null);
        var commitStep = step(so, MovementType.ORDER_COMMITTED, "ERP", Set.of("STOREFRONT", "ERP"),
                Map.of("STOREFRONT", 2L), 2, true, Map.of("ERP", 2L), false, T0.plusSeconds(3600));
        publish(POSITION, position.asString(), movement(position, "STOREFRONT", sku + "-c1",
                MovementType.ORDER_COMMITTED, T0.plusSeconds(3600), 2, so, Map.of("committed", 2L), commitStep));
        publish(POSITION, position.asString(), new StepAwaitingReports(position, commitStep.stepId(), commitStep, false,
                Duration.ofMinutes(15), T0.plusSeconds(3600), sku + "-c1"));
        var committed = step(so, MovementType.ORDER_COMMITTED, "ERP", Set.of("STOREFRONT", "ERP"),
                Map.of("STOREFRONT", 2L, "ERP", 2L), 2, false, Map.of(), true, T0.plusSeconds(3600));
        publish(POSITION, position.asString(), movement(position, "ERP", sku + "-c2", MovementType.ORDER_COMMITTED,
                T0.plusSeconds(3660), 2, so, Map.of(), committed));
        publish(POSITION, position.asString(), new StepCompleted(position, committed.stepId(), committed,
                T0.plusSeconds(3600), T0.plusSeconds(3660), 60_000, sku + "-c2"));

        var shipStep = step(so, MovementType.SHIPPED, "WAREHOUSE", Set.of("WAREHOUSE", "ERP"),
                Map.of("WAREHOUSE", 2L), 2, false, Map.of("ERP", 2L), false, T0.plusSeconds(7500));
        publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-s1", MovementType.SHIPPED,
                T0.plusSeconds(7500), 2, so, Map.of("on_hand", -2L, "committed", -2L), shipStep));
        publish(POSITION, position.asString(), observation(position, "ERP", sku + "-o1", T0.plusSeconds(7800),
                List.of(observed("on_hand", 10, 10, -2, ObservationVerdict.TIMING))));
    }

    @Test
    void showsReconciledQuantitiesObservationsVariancesAndStatus() {
        workedExample();
        await(() -> assertThat(getJson(path, "reporter-dev-key").get("version").asLong()).isEqualTo(7));
        JsonNode p = getJson(path, "reporter-dev-key");
        assertThat(p.get("sku").asString()).isEqualTo(sku);
        assertThat(p.get("location").asString()).isEqualTo("WH-EAST");
        JsonNode q = p.get("quantities");
        assertThat(names(q)).containsExactly("on_hand", "available", "committed", "reserved", "damaged",
                "quality_control", "safety_stock", "incoming", "picked");
        assertThat(q.get("on_hand").asLong()).isEqualTo(8);
        assertThat(q.get("available").asLong()).isEqualTo(8);
        assertThat(q.get("committed").asLong()).isZero();
        assertThat(p.get("status").asString()).isEqualTo("TIMING");
        assertThat(p.get("systems").get("ERP").get("observedAt").asString()).isEqualTo("2026-03-02T11:10:00Z");
        assertThat(p.get("systems").get("ERP").get("quantities").get("on_hand").asLong()).isEqualTo(10);
        JsonNode variance = p.get("variances").get(0);
        assertThat(variance.get("system").asString()).isEqualTo("ERP");
        assertThat(variance.get("state").asString()).isEqualTo("on_hand");
        assertThat(variance.get("reported").asLong()).isEqualTo(10);
        assertThat(variance.get("expected").asLong()).isEqualTo(10);
        assertThat(variance.get("unexplained").asLong()).isZero();
        assertThat(variance.get("inFlight").asLong()).isEqualTo(-2);
        assertThat(variance.get("status").asString()).isEqualTo("TIMING");
        assertThat(p.get("riskFlags").isEmpty()).isTrue();
        publish("Sku", sku, new org.recon.api.identity.RiskFlagsSet(org.recon.api.common.Sku.of(sku),
                Set.of(org.recon.api.common.RiskFlag.TOP_SELLER, org.recon.api.common.RiskFlag.PROMOTION), "admin-dev",
                T0));
        await(() -> assertThat(getJson(path, "reporter-dev-key").get("riskFlags"))
                .extracting(JsonNode::asString).containsExactly("PROMOTION", "TOP_SELLER"));
        assertThat(p.get("openExceptions").isEmpty()).isTrue();
        assertThat(p.get("lastEventAt").isNull()).isFalse();

        publish(POSITION, position.asString(), observation(position, "STOREFRONT", sku + "-o2", T0.plusSeconds(8100),
                List.of(observed("available", 9, 8, 0, ObservationVerdict.VARIANCE))));
        publish(POSITION, position.asString(), new VarianceDetected(position, "var-1", system("STOREFRONT"),
                "available", 9, 8, 1, 0, "OVERSELL_RISK", false, false, Duration.ofMinutes(15),
                T0.plusSeconds(8100), sku + "-o2"));
        await(() -> assertThat(getJson(path, "reporter-dev-key").get("status").asString()).isEqualTo("DRIFT"));

        JsonNode drift = getJson("/api/v1/positions?sku=" + sku + "&status=DRIFT", "erp-ops-dev-key");
        assertThat(drift.get("totalItems").asLong()).isEqualTo(1);
        assertThat(getJson("/api/v1/positions?sku=" + sku + "&status=IN_SYNC", "erp-ops-dev-key")
                .get("totalItems").asLong()).isZero();
    }

    @Test
    void timelineChangesAddUpToTheQuantities() throws Exception {
        workedExample();
        await(() -> assertThat(getJson(path + "/timeline", "auditor-dev-key")).hasSize(7));
        JsonNode timeline = getJson(path + "/timeline", "auditor-dev-key");
        long previous = -1;
        Map<String, Long> sums = new java.util.HashMap<>();
        for (JsonNode entry : timeline) {
            assertThat(entry.get("globalIndex").asLong()).isGreaterThan(previous);
            previous = entry.get("globalIndex").asLong();
            for (String state : names(entry.get("changes"))) {
                sums.merge(state, entry.get("changes").get(state).asLong(), Long::sum);
            }
        }
        JsonNode quantities = getJson(path, "reporter-dev-key").get("quantities");
        sums.forEach((state, sum) -> assertThat(quantities.get(state).asLong()).as(state).isEqualTo(sum));

        JsonNode first = timeline.get(0);
        assertThat(first.get("type").asString()).isEqualTo("RECEIVED");
        assertThat(first.get("system").asString()).isEqualTo("WAREHOUSE");
        assertThat(first.get("eventId").asString()).isEqualTo(sku + "-r1");
        assertThat(first.get("occurredAt").asString()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(first.get("document").get("type").asString()).isEqualTo("PO");
        assertThat(first.get("document").get("line").asString()).isEqualTo("1");
        assertThat(first.get("actor").asString()).isEqualTo("warehouse-dev");
        assertThat(timeline.get(6).get("type").asString()).isEqualTo("OBSERVATION_RECORDED");

        JsonNode byOccurrence = getJson(path + "/timeline?order=occurred", "auditor-dev-key");
        Instant last = Instant.MIN;
        for (JsonNode entry : byOccurrence) {
            Instant occurred = Instant.parse(entry.get("occurredAt").asString());
            assertThat(occurred).isAfterOrEqualTo(last);
            last = occurred;
        }
        assertThat(api().get(path + "/timeline?order=sideways", "auditor-dev-key").status()).isEqualTo(400);

        var csv = api().get(path + "/timeline", "auditor-dev-key", "text/csv");
        try (var parser = org.apache.commons.csv.CSVParser.parse(new java.io.StringReader(csv.body()),
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).contains("globalIndex", "type", "document.type", "document.id",
                    "changes.on_hand", "changes.committed", "reason", "actor", "exceptionId");
            var rows = parser.getRecords();
            assertThat(rows).hasSize(7);
            assertThat(rows.get(0).get("changes.on_hand")).isEqualTo("10");
            assertThat(rows.get(0).get("document.id")).isEqualTo("PO-" + sku);
        }
    }

    @Test
    void timelineKeepsFreeTextAndTimestampsExactlyAsRecorded() {
        // separators, quotes, line breaks and non-ASCII survive the batch write; an empty text stays empty (not
        // null), a missing one stays missing, and the timestamp keeps its microseconds
        String reason = "count, \"recount\"\nsecond line \\ \u00e9\u2713";
        Instant occurredAt = Instant.parse("2026-03-02T09:00:00.123456Z");
        publish(POSITION, position.asString(), new org.recon.api.position.MovementRecorded(position, system("ERP"),
                sku + "-text", MovementType.ADJUSTED, occurredAt, occurredAt.plusMillis(1), 2, 2, null, null, null,
                null, reason, null, "", false, null, org.recon.api.position.IngestOutcome.APPLIED,
                Map.of("on_hand", 2L), Set.of(), null));

        await(() -> assertThat(getJson(path + "/timeline", "auditor-dev-key")).hasSize(1));
        JsonNode entry = getJson(path + "/timeline", "auditor-dev-key").get(0);
        assertThat(entry.get("reason").asString()).isEqualTo(reason);
        assertThat(entry.hasNonNull("actor")).isTrue();
        assertThat(entry.get("actor").asString()).isEmpty();
        assertThat(entry.hasNonNull("exceptionId")).isFalse();
        assertThat(entry.get("occurredAt").asString()).isEqualTo("2026-03-02T09:00:00.123456Z");
        assertThat(entry.get("changes").get("on_hand").asLong()).isEqualTo(2);
    }

    @Test
    void documentShowsEachStepAsThePositionDescribedIt() {
        workedExample();
        await(() -> assertThat(api().get("/api/v1/documents/ORDER/SO-" + sku, "reporter-dev-key").status())
                .isEqualTo(200));
        await(() -> assertThat(getJson("/api/v1/documents/order/SO-" + sku, "reporter-dev-key").get("steps")).hasSize(2));
        JsonNode document = getJson("/api/v1/documents/order/SO-" + sku, "reporter-dev-key");
        assertThat(document.get("type").asString()).isEqualTo("ORDER");
        JsonNode commit = document.get("steps").get(0);
        assertThat(commit.get("type").asString()).isEqualTo("ORDER_COMMITTED");
        assertThat(commit.get("sku").asString()).isEqualTo(sku);
        assertThat(commit.get("authority").asString()).isEqualTo("ERP");
        assertThat(commit.get("effective").asLong()).isEqualTo(2);
        assertThat(commit.get("provisional").asBoolean()).isFalse();
        assertThat(commit.get("reported").get("ERP").asLong()).isEqualTo(2);
        assertThat(commit.get("complete").asBoolean()).isTrue();
        JsonNode ship = document.get("steps").get(1);
        assertThat(ship.get("type").asString()).isEqualTo("SHIPPED");
        assertThat(ship.get("inFlight").get("ERP").asLong()).isEqualTo(2);
        assertThat(ship.get("complete").asBoolean()).isFalse();
        assertThat(ship.get("firstReportedAt").asString()).isEqualTo("2026-03-02T11:05:00Z");
        assertThat(api().get("/api/v1/documents/ORDER/NOPE-" + sku, "reporter-dev-key").status()).isEqualTo(404);
    }

    @Test
    void asOfRebuildsThePositionFromTheEventStore() throws Exception {
        DocumentRef po = new DocumentRef("PO", "PO-" + sku, "1");
        publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-r1", MovementType.RECEIVED,
                T0, 10, po, Map.of("on_hand", 10L), step(po, MovementType.RECEIVED, "WAREHOUSE",
                        Set.of("WAREHOUSE"), Map.of("WAREHOUSE", 10L), 10, false, Map.of(), true, T0)));
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        publish(POSITION, position.asString(), movement(position, "STOREFRONT", sku + "-x1",
                MovementType.RESERVATION_CREATED, T0.plusSeconds(60), 3, null, Map.of("reserved", 3L), null));
        await(() -> assertThat(getJson(path, "reporter-dev-key").get("version").asLong()).isEqualTo(2));

        JsonNode then = getJson(path + "/as-of?at=" + between, "auditor-dev-key");
        assertThat(then.get("version").asLong()).isEqualTo(1);
        assertThat(then.get("quantities").get("on_hand").asLong()).isEqualTo(10);
        assertThat(then.get("quantities").get("available").asLong()).isEqualTo(10);
        assertThat(then.get("quantities").get("reserved").asLong()).isZero();
        JsonNode now = getJson(path + "/as-of?at=" + Instant.now(), "auditor-dev-key");
        assertThat(now.get("quantities")).isEqualTo(getJson(path, "reporter-dev-key").get("quantities"));
        assertThat(now.get("version").asLong()).isEqualTo(2);

        assertThat(api().get(path + "/as-of?at=" + T0.minusSeconds(86_400 * 365), "auditor-dev-key").status())
                .isEqualTo(404);
        var bad = api().get(path + "/as-of?at=yesterday", "auditor-dev-key");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(JSON.readTree(bad.body()).get("errors").get(0).get("field").asString()).isEqualTo("at");
    }

    @Test
    void listIsPagedInSkuThenLocationOrderAndUnknownPositionsAre404() {
        String prefix = unique("PAGE");
        List<String> expected = new ArrayList<>();
        for (String s : List.of("B", "A")) {
            for (String location : List.of("WH-2", "WH-1")) {
                PositionId id = PositionId.of(prefix + "-" + s, location);
                publish(POSITION, id.asString(), movement(id, "STOREFRONT", id + "-1", MovementType.RESERVATION_CREATED,
                        T0, 1, null, Map.of("reserved", 1L), null));
            }
        }
        expected.addAll(List.of(prefix + "-A@WH-1", prefix + "-A@WH-2", prefix + "-B@WH-1", prefix + "-B@WH-2"));
        await(() -> assertThat(getJson("/api/v1/positions?location=WH-2&sku=" + prefix + "-B", "admin-dev-key")
                .get("totalItems").asLong()).isEqualTo(1));
        await(() -> assertThat(getJson("/api/v1/positions?sku=" + prefix + "-A", "admin-dev-key")
                .get("totalItems").asLong()).isEqualTo(2));

        JsonNode page = getJson("/api/v1/positions?sku=" + prefix + "-A&size=1&page=1", "admin-dev-key");
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("totalPages").asInt()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("location").asString()).isEqualTo("WH-2");
        assertThat(getJson("/api/v1/positions?sku=" + prefix + "-A", "admin-dev-key").get("size").asInt()).isEqualTo(50);

        var emptyCsv = api().get("/api/v1/positions?sku=" + prefix + "-NONE", "admin-dev-key", "text/csv");
        assertThat(emptyCsv.status()).isEqualTo(200);
        assertThat(emptyCsv.body().lines().toList()).containsExactly(
                "sku,location,quantities,systems,variances,status,riskFlags,openExceptions,lastEventAt,version");
        var csvError = api().get("/api/v1/positions?size=501", "admin-dev-key", "text/csv");
        assertThat(csvError.status()).isEqualTo(400);
        assertThat(csvError.contentType()).startsWith("application/problem+json");
        assertThat(api().get("/api/v1/positions?size=501", "admin-dev-key").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/positions?status=WEIRD", "admin-dev-key").status()).isEqualTo(400);
        var missing = api().get("/api/v1/positions/" + prefix + "-Z/WH-1", "admin-dev-key");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(api().get("/api/v1/positions", null).status()).isEqualTo(401);
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
