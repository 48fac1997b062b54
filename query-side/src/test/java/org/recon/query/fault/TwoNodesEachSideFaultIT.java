package org.recon.query.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recon.devdb.IngestLoad;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged command nodes and two packaged query nodes on one PostgreSQL. Movements for the same positions
 * arrive on both command nodes at once and every one is answered (each node retries on the event store's
 * ConcurrencyException); the processors are shared between the query nodes (by default one segment per processor,
 * so each node runs some of them); after one query node is killed with {@code kill -9}, the other takes its
 * processors over, and the read model ends equal to the event store. Runs in {@code verify} (failsafe) on a
 * database of its own in the test JVM's PostgreSQL.
 */
class TwoNodesEachSideFaultIT {

    private static PackagedServices services;

    @BeforeAll
    static void start() throws Exception {
        services = PackagedServices.onOwnDatabase("recon_two_nodes_fault", 2, 2);
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    private static int node(String eventId) {
        String[] parts = eventId.split("-");
        return Integer.parseInt(parts[parts.length - 2]) % 2;
    }

    @Test
    void bothCommandNodesStayConsistentAndTheSurvivingQueryNodeTakesOver() throws Exception {
        // four threads, two per command node, on the same three positions: appends collide across the nodes
        IngestLoad load = new IngestLoad(services.allCommandNodes(), 4, "nodes", 3, "WH-N");
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= 200);
        await().atMost(Duration.ofSeconds(60)).until(services::queryNodesHoldingTokens, Set.of(0, 1)::equals);

        services.killQueryNode(0);
        int beforeKill = load.acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() >= beforeKill + 200);
        load.close();
        // the killed node's claims time out, and the survivor's fair share grows to every processor
        await().atMost(Duration.ofSeconds(90)).until(services::queryNodesHoldingTokens, Set.of(1)::equals);

        assertThat(load.unexpected).isEmpty();
        assertThat(load.unavailable.get()).isZero();
        assertThat(load.refused.get()).isZero();
        Map<String, Integer> stored = services.storedMovements();
        assertThat(stored).isEqualTo(load.acknowledged);
        // the nodes really took turns on the same positions: their appends interleave in each position's sequence
        // (threads 0 and 2 send to the first node, 1 and 3 to the second; the eventId ends in -thread-i)
        int turns = 0;
        for (String sku : List.of("NODES-0", "NODES-1", "NODES-2")) {
            List<String> sequence = services.movementsInSequence(sku + "@WH-N");
            for (int i = 1; i < sequence.size(); i++) {
                turns += node(sequence.get(i)) != node(sequence.get(i - 1)) ? 1 : 0;
            }
        }
        assertThat(turns).isGreaterThan(10);
        // and the stale appends were refused and retried, which the command nodes count for operators
        assertThat(services.commandNodesCounter("recon_ingest_retries_total")).isPositive();
        assertThat(services.commandNodesCounter("recon_ingest_retries_exhausted_total")).isZero();
        services.assertReadModelEquals(stored, load::skuOf, "WH-N");
    }
}
