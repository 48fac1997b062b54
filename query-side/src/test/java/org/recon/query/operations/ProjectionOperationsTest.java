package org.recon.query.operations;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.position.MovementType;
import org.recon.query.support.QuerySideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;

class ProjectionOperationsTest extends QuerySideIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Configuration axon;

    @Test
    void aPoisonEventParksOnlyItsOwnPositionsSequence() {
        String sku = unique("POISON");
        PositionId poisoned = PositionId.of(sku, "WH-1");
        PositionId healthy = PositionId.of(sku, "WH-2");
        publish(POSITION, poisoned.asString(), reservation(poisoned, 1, Map.of("reserved", 1L)));
        publish(POSITION, poisoned.asString(), reservation(poisoned, 2, Map.of("no_such_state", 2L)));
        publish(POSITION, poisoned.asString(), reservation(poisoned, 3, Map.of("reserved", 3L)));
        publish(POSITION, healthy.asString(), reservation(healthy, 1, Map.of("reserved", 5L)));
        publish(POSITION, healthy.asString(), reservation(healthy, 2, Map.of("reserved", 6L)));

        await(() -> assertThat(getJson("/api/v1/positions/" + sku + "/WH-2", "admin-dev-key").get("version").asLong())
                .isEqualTo(2));
        await(() -> assertThat(deadLetters(poisoned)).hasSize(2));
        List<JsonNode> letters = deadLetters(poisoned);
        assertThat(letters.get(0).get("processingGroup").asString()).isEqualTo("positions");
        assertThat(letters.get(0).get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(letters.get(0).get("causeMessage").asString()).contains("no_such_state");
        assertThat(letters.get(1).get("sequenceNumber").asLong()).isEqualTo(2);

        JsonNode position = getJson("/api/v1/positions/" + sku + "/WH-1", "admin-dev-key");
        assertThat(position.get("version").asLong()).isEqualTo(1);
        assertThat(position.get("quantities").get("reserved").asLong()).isEqualTo(1);
        assertThat(getJson("/api/v1/positions/" + sku + "/WH-2", "admin-dev-key").get("quantities").get("reserved")
                .asLong()).isEqualTo(11);
        await(() -> assertThat(getJson("/api/v1/positions/" + sku + "/WH-1/timeline", "admin-dev-key")).hasSize(3));

        var retry = api().post("/api/v1/admin/dead-letters/" + letters.get(1).get("id").asString() + "/retry",
                "admin-dev-key", "");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).get("processed").asBoolean()).isFalse();
        assertThat(deadLetters(poisoned)).hasSize(2);
        assertThat(api().post("/api/v1/admin/dead-letters/nope/retry", "admin-dev-key", "").status()).isEqualTo(404);
        assertThat(api().get("/api/v1/admin/dead-letters", "auditor-dev-key").status()).isEqualTo(403);
        assertThat(getJson("/api/v1/admin/dead-letters", "admin-dev-key").get("totalItems").asLong())
                .isGreaterThanOrEqualTo(2);

        var verify = JSON.readTree(api().post("/api/v1/audit/verify", "admin-dev-key", "").body());
        assertThat(verify.get("mismatches")).anyMatch(m -> m.get("sku").asString().equals(sku)
                && m.get("location").asString().equals("WH-1") && m.get("field").asString().equals("events"));
        assertThat(api().get("/api/v1/positions/" + sku + "/WH-1/as-of?at=" + Instant.now(), "admin-dev-key").status())
                .isEqualTo(409);
    }

    @Test
    void aRetriedSequenceCatchesUpOnceTheCauseIsFixed() {
        String sku = unique("RETRY");
        PositionId id = PositionId.of(sku, "WH-1");
        double parkedBefore = parkedGauge();
        publish(POSITION, id.asString(), reservation(id, 1, Map.of("reserved", 1L)));
        await(() -> assertThat(api().get("/api/v1/positions/" + sku + "/WH-1", "admin-dev-key").status()).isEqualTo(200));
        String variances = jdbc.queryForObject("select variances from qry_position where position_id = ?", String.class,
                id.asString());
        jdbc.update("update qry_position set variances = 'not json' where position_id = ?", id.asString());
        publish(POSITION, id.asString(), reservation(id, 2, Map.of("reserved", 2L)));
        publish(POSITION, id.asString(), reservation(id, 3, Map.of("reserved", 3L)));
        await(() -> assertThat(deadLetters(id)).hasSize(2));
        assertThat(parkedGauge()).isEqualTo(parkedBefore + 2);

        jdbc.update("update qry_position set variances = ? where position_id = ?", variances, id.asString());
        var retry = api().post("/api/v1/admin/dead-letters/" + deadLetters(id).get(0).get("id").asString() + "/retry",
                "admin-dev-key", "");
        assertThat(JSON.readTree(retry.body()).get("processed").asBoolean()).isTrue();
        assertThat(deadLetters(id)).isEmpty();
        assertThat(parkedGauge()).isEqualTo(parkedBefore);
        JsonNode position = getJson("/api/v1/positions/" + sku + "/WH-1", "admin-dev-key");
        assertThat(position.get("version").asLong()).isEqualTo(3);
        assertThat(position.get("quantities").get("reserved").asLong()).isEqualTo(6);
        publish(POSITION, id.asString(), reservation(id, 4, Map.of("reserved", 4L)));
        await(() -> assertThat(getJson("/api/v1/positions/" + sku + "/WH-1", "admin-dev-key").get("version").asLong())
                .isEqualTo(4));
    }

    @Test
    void replayRebuildsTheReadModelIdenticalToTheLiveProjection() {
        String sku = unique("REPLAY");
        for (int i = 0; i < 30; i++) {
            PositionId id = PositionId.of(sku, "WH-" + (i % 5));
            publish(POSITION, id.asString(), reservation(id, i, Map.of("reserved", (long) i, "on_hand", 10L)));
        }
        await(() -> assertThat(getJson("/api/v1/positions?sku=" + sku, "admin-dev-key").get("items"))
                .allMatch(p -> p.get("version").asLong() == 6).hasSize(5));
        awaitCaughtUp();
        List<Map<String, Object>> before = snapshot();
        List<Map<String, Object>> timelineBefore = jdbc.queryForList("select * from qry_timeline_entry order by global_index");

        var replay = api().post("/api/v1/admin/processors/positions/replay", "admin-dev-key", "");
        assertThat(replay.status()).isEqualTo(202);
        assertThat(JSON.readTree(replay.body()).get("name").asString()).isEqualTo("positions");
        assertThat(api().post("/api/v1/admin/processors/timeline/replay", "admin-dev-key", "").status()).isEqualTo(202);
        assertThat(api().post("/api/v1/admin/processors/nope/replay", "admin-dev-key", "").status()).isEqualTo(404);

        awaitCaughtUp();
        assertThat(snapshot()).isEqualTo(before);
        assertThat(jdbc.queryForList("select * from qry_timeline_entry order by global_index")).isEqualTo(timelineBefore);
    }

    @Test
    void processorsReportPositionHeadLagAndAGauge() {
        JsonNode processors = getJson("/api/v1/admin/processors", "admin-dev-key");
        assertThat(processors).extracting(p -> p.get("name").asString())
                .contains("positions", "exceptions", "documents", "timeline", "reports", "inbox");
        for (JsonNode p : processors) {
            assertThat(p.get("head").asLong()).isGreaterThanOrEqualTo(p.get("position").asLong());
            assertThat(p.get("lag").asLong()).isEqualTo(p.get("head").asLong() - p.get("position").asLong());
            assertThat(p.has("replaying")).isTrue();
            assertThat(p.get("replayProgress").asDouble()).isBetween(0.0, 1.0);
        }
        var gauge = api().get("/actuator/metrics/recon.projection.lag?tag=processor:positions", "admin-dev-key");
        assertThat(gauge.status()).isEqualTo(200);
        assertThat(api().get("/api/v1/admin/processors", "reporter-dev-key").status()).isEqualTo(403);
    }

    @Test
    void aProcessorBehindShowsHowLongItsOldestUnhandledEventHasWaited() {
        awaitCaughtUp();
        assertThat(lagTime("timeline")).isZero();
        EventProcessor timeline = axon.eventProcessingConfiguration().eventProcessor("timeline").orElseThrow();
        timeline.shutDown();
        try {
            String sku = unique("STALE");
            PositionId id = PositionId.of(sku, "WH-1");
            publish(POSITION, id.asString(), reservation(id, 1, Map.of("reserved", 1L)));
            await(() -> assertThat(lagTime("timeline")).isGreaterThanOrEqualTo(1.0));
            // the others handled it: the gauge is per processor
            await(() -> assertThat(lagTime("positions")).isZero());
        } finally {
            timeline.start();
        }
        await(() -> assertThat(lagTime("timeline")).isZero());
    }

    private double lagTime(String processor) {
        JsonNode gauge = getJson("/actuator/metrics/recon.projection.lag.time?tag=processor:" + processor, "admin-dev-key");
        assertThat(gauge.get("baseUnit").asString()).isEqualTo("seconds");
        return gauge.get("measurements").get(0).get("value").asDouble();
    }

    /** What operators alert on: the events parked in the positions projection's dead-letter queue. */
    private double parkedGauge() {
        JsonNode gauge = getJson("/actuator/metrics/recon.projection.dead.letters?tag=processor:positions", "admin-dev-key");
        return gauge.get("measurements").get(0).get("value").asDouble();
    }

    private void awaitCaughtUp() {
        await(() -> assertThat(getJson("/api/v1/admin/processors", "admin-dev-key"))
                .allMatch(p -> p.get("lag").asLong() == 0 && !p.get("replaying").asBoolean()));
    }

    private List<Map<String, Object>> snapshot() {
        return jdbc.queryForList("select * from qry_position order by position_id");
    }

    private List<JsonNode> deadLetters(PositionId position) {
        return getJson("/api/v1/admin/dead-letters?group=positions&size=500", "admin-dev-key").get("items").valueStream()
                .filter(l -> l.get("sequenceIdentifier").asString().contains(position.asString())
                        || position.asString().equals(l.get("aggregateIdentifier").asString()))
                .toList();
    }

    private static org.recon.api.position.MovementRecorded reservation(PositionId id, int n, Map<String, Long> changes) {
        return movement(id, "STOREFRONT", id + "-" + n, MovementType.RESERVATION_CREATED, T0.plusSeconds(n), n, null,
                changes, null);
    }
}
