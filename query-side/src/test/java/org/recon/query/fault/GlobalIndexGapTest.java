package org.recon.query.fault;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.position.MovementType;
import org.recon.query.support.QuerySideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;

/**
 * Appends that commit out of global-index order leave gaps that tracking processors must wait for:
 * transactions hold early indexes open while later ones commit; when they finally commit, every
 * projection still gets their events, and the audit check finds the read model equal to the store.
 */
class GlobalIndexGapTest extends QuerySideIntegrationTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    Serializer serializer;

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void eventsCommittedLateBehindAGapAreNotSkipped() throws Exception {
        List<Connection> held = new ArrayList<>();
        List<String> gapSkus = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String sku = unique("GAP");
                gapSkus.add(sku);
                PositionId position = PositionId.of(sku, "WH-GAP");
                Connection connection = dataSource.getConnection();
                connection.setAutoCommit(false);
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into domain_event_entry (event_identifier, meta_data, payload, payload_type, time_stamp,
                          aggregate_identifier, sequence_number, type) values (?, ?, ?, ?, ?, ?, 0, ?)""")) {
                    var event = movement(position, "WAREHOUSE", sku + "-1", MovementType.COUNTED, T0, 7, null,
                            Map.of("on_hand", 7L), null);
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
                    insert.setBytes(3, serializer.serialize(event, byte[].class).getData());
                    insert.setString(4, event.getClass().getName());
                    insert.setString(5, Instant.now().toString());
                    insert.setString(6, position.asString());
                    insert.setString(7, POSITION);
                    insert.executeUpdate();
                }
                held.add(connection);
            }

            List<String> laterSkus = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String sku = unique("AFTER");
                laterSkus.add(sku);
                PositionId position = PositionId.of(sku, "WH-GAP");
                publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-1", MovementType.COUNTED,
                        T0, 3, null, Map.of("on_hand", 3L), null));
            }
            for (String sku : laterSkus) {
                await(() -> assertThat(api().get("/api/v1/positions/" + sku + "/WH-GAP", "reporter-dev-key").status())
                        .isEqualTo(200));
            }
            for (String sku : gapSkus) {
                assertThat(api().get("/api/v1/positions/" + sku + "/WH-GAP", "reporter-dev-key").status()).isEqualTo(404);
            }
            for (Connection connection : held) {
                connection.commit();
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }

        for (String sku : gapSkus) {
            await(() -> {
                JsonNode position = getJson("/api/v1/positions/" + sku + "/WH-GAP", "reporter-dev-key");
                assertThat(position.get("quantities").get("on_hand").asLong()).isEqualTo(7);
            });
            await(() -> assertThat(getJson("/api/v1/positions/" + sku + "/WH-GAP/timeline", "reporter-dev-key").toString())
                    .contains(sku + "-1"));
        }
        JsonNode verify = JSON.readTree(api().post("/api/v1/audit/verify", "auditor-dev-key", "").body());
        assertThat(verify.get("mismatches")).noneMatch(m -> m.get("sku").asString().startsWith("GAP-"));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String sku : gapSkus) {
            assertTimelineAtTheEventsOwnIndexes(jdbc, sku);
        }
    }
}
