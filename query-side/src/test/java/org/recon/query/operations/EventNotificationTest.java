package org.recon.query.operations;

import org.awaitility.Awaitility;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.recon.api.common.PositionId;
import org.recon.api.position.MovementType;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import org.recon.query.support.QuerySideIntegrationTest;
import org.recon.support.axon.EventNotifications;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.query.support.Events.POSITION;
import static org.recon.query.support.Events.movement;

/**
 * Events another process commits reach the projections on that process's {@code NOTIFY}, long before
 * the event store would poll for them: here its fetch delay is a minute, so only the notification
 * can make the event visible within the wait below. And this process's own commits notify the others.
 */
@TestPropertySource(properties = "recon.event-store.fetch-delay-millis=60000")
class EventNotificationTest extends QuerySideIntegrationTest {

    private static final String LOCATION = "WH-NOTIFY";
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    /** Well below the fetch delay: without the notification the event would not be read for 60 s. */
    private static final Duration WELL_BEFORE_POLLING = Duration.ofSeconds(20);

    @Autowired
    DataSource dataSource;
    @Autowired
    Serializer serializer;
    @Autowired
    EventNotifications notifications;

    @Test
    void anEventCommittedByAnotherProcessIsProjectedOnItsNotification() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(notifications::isListening);
        // the projections are live: a local commit (which wakes this process's store directly) is projected
        String markerSku = unique("NOTIFY-MARK");
        PositionId marker = PositionId.of(markerSku, LOCATION);
        publish(POSITION, marker.asString(), movement(marker, "WAREHOUSE", markerSku + "-1", MovementType.COUNTED, T0, 1,
                null, Map.of("on_hand", 1L), null));
        await(() -> assertThat(api().get(path(markerSku), "reporter-dev-key").status()).isEqualTo(200));

        // another process appends (straight into the table, bypassing this process's event store) and notifies
        String sku = unique("NOTIFY");
        try (Connection connection = dataSource.getConnection()) {
            insertEvent(connection, sku);
            try (Statement notify = connection.createStatement()) {
                notify.execute("NOTIFY " + EventNotifications.CHANNEL);
            }
        }

        Awaitility.await().atMost(WELL_BEFORE_POLLING).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            var response = api().get(path(sku), "reporter-dev-key");
            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("quantities").get("on_hand").asLong()).isEqualTo(7);
        });
    }

    @Test
    void aLocalCommitNotifiesTheOtherProcesses() throws Exception {
        EmbeddedDatabase database = TestDatabase.get();
        try (Connection listener = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER,
                EmbeddedDatabase.PASSWORD)) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN " + EventNotifications.CHANNEL);
            }
            String sku = unique("NOTIFY-SENT");
            PositionId position = PositionId.of(sku, LOCATION);
            publish(POSITION, position.asString(), movement(position, "WAREHOUSE", sku + "-1",
                    MovementType.COUNTED, T0, 2, null, Map.of("on_hand", 2L), null));

            PGConnection pg = listener.unwrap(PGConnection.class);
            PGNotification[] received = pg.getNotifications(30_000);
            assertThat(received).isNotNull().isNotEmpty();
            assertThat(received[0].getName()).isEqualTo(EventNotifications.CHANNEL);
        }
    }

    private static String path(String sku) {
        return "/api/v1/positions/" + sku + "/" + LOCATION;
    }

    private void insertEvent(Connection connection, String sku) throws Exception {
        PositionId position = PositionId.of(sku, LOCATION);
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
    }
}
