package org.recon.query.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.devdb.IngestLoad;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the packaged command side during sustained ingest, then a restart, while the packaged query side
 * follows: every movement that got a 2xx is in the event store and in every projection that shows it, none
 * twice, and the positions equal what the event store re-derives. Runs in {@code verify} (failsafe) on a
 * database of its own in the test JVM's PostgreSQL.
 */
class CommandSideKillFaultIT {

    private static PackagedServices services;

    @BeforeAll
    static void start() throws Exception {
        services = PackagedServices.onOwnDatabase("recon_kill_fault", 1, 1);
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyAcknowledgedMovementSurvivesAKillMinusNineIntoTheEventStoreAndTheProjections() throws Exception {
        IngestLoad load = new IngestLoad(services.commands(), 4, "kill", 11, "WH-K");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 200);
        services.killCommandSide();
        int beforeRestart = load.acknowledged.size();
        services.startCommandSide();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= beforeRestart + 200);
        load.close();

        assertThat(load.unexpected).isEmpty();
        Map<String, Integer> stored = services.storedMovements();
        assertThat(stored).containsAllEntriesOf(load.acknowledged);
        services.assertReadModelEquals(stored, load::skuOf, "WH-K");
    }
}
