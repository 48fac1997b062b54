package org.recon.query.operations;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Shares the processors' segments between the live query nodes. Without Axon Server nothing
 * balances a pooled processor: the first node claims every segment. Each node announces itself in
 * {@code query_node}; a node holding more than its fair share releases one segment for a while, and
 * another node claims it. A node that dies stops announcing and its claims time out, so the
 * survivors' fair share grows and they take its segments over.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    static final Duration LIVENESS = Duration.ofSeconds(10);

    private final String nodeId = UUID.randomUUID().toString();
    private final Configuration axon;
    private final ProjectionGroups groups;
    private final JdbcClient jdbc;

    SegmentBalancer(Configuration axon, ProjectionGroups groups, JdbcClient jdbc) {
        this.axon = axon;
        this.groups = groups;
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${recon.projections.balance-interval:PT2S}", initialDelayString = "PT1S")
    void balance() {
        try {
            Instant now = Instant.now();
            jdbc.sql("insert into query_node (node_id, last_seen) values (?, ?) "
                            + "on conflict (node_id) do update set last_seen = excluded.last_seen")
                    .params(nodeId, Timestamp.from(now)).update();
            long liveNodes = jdbc.sql("select count(*) from query_node where last_seen > ?")
                    .param(Timestamp.from(now.minus(LIVENESS))).query(Long.class).single();
            jdbc.sql("delete from query_node where last_seen < ?").param(Timestamp.from(now.minus(LIVENESS.multipliedBy(6))))
                    .update();
            releaseAboveFairShare(Math.max(1, liveNodes));
        } catch (RuntimeException e) {
            log.warn("segment balancing skipped: {}", e.toString());
        }
    }

    /**
     * The fair share counts the segments of every processor together: with one segment per processor (the
     * default) two nodes then run three processors each, and with more segments a processor may also be split.
     * One segment is released per round, from the processor this node holds most of.
     */
    private void releaseAboveFairShare(long liveNodes) {
        long segments = jdbc.sql("select count(*) from token_entry where processor_name in (:names)")
                .param("names", groups.names()).query(Long.class).single();
        long fairShare = (segments + liveNodes - 1) / liveNodes;
        PooledStreamingEventProcessor mostHeld = null;
        int held = 0;
        int mostHeldCount = 0;
        for (String name : groups.names()) {
            PooledStreamingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor(name, PooledStreamingEventProcessor.class).orElse(null);
            if (processor == null || !processor.isRunning()) {
                continue;
            }
            int owned = processor.processingStatus().size();
            held += owned;
            if (owned > mostHeldCount) {
                mostHeld = processor;
                mostHeldCount = owned;
            }
        }
        if (held > fairShare && mostHeld != null) {
            List<Integer> owned = List.copyOf(mostHeld.processingStatus().keySet());
            if (owned.isEmpty()) {
                return;
            }
            int segment = owned.get(owned.size() - 1);
            log.info("holding {} of {} segments with {} live nodes; releasing segment {} of processor {}", held,
                    segments, liveNodes, segment, mostHeld.getName());
            mostHeld.releaseSegment(segment, LIVENESS.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** On a graceful stop the others need not wait for the liveness timeout. */
    @PreDestroy
    void leave() {
        jdbc.sql("delete from query_node where node_id = ?").param(nodeId).update();
    }
}
