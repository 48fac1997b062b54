package org.recon.query.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.recon.query.web.PageView;
import org.recon.support.web.ApiException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Status, replay and dead letters of the projection processors. */
@Service
public class ProcessorOperations {

    private final Configuration axon;
    private final EventStore eventStore;
    private final ProjectionGroups groups;
    private final JdbcTemplate jdbc;
    private final Serializer tokenSerializer = ProjectionProcessing.tokenSerializer();

    public ProcessorOperations(Configuration axon, EventStore eventStore, ProjectionGroups groups, JdbcTemplate jdbc,
                               MeterRegistry meters) {
        this.axon = axon;
        this.eventStore = eventStore;
        this.groups = groups;
        this.jdbc = jdbc;
        for (String name : groups.names()) {
            Gauge.builder("recon.projection.lag", () -> {
                        Long lag = status(name).lag();
                        return lag == null ? Double.NaN : lag;
                    })
                    .description("Events in the event store that the projection processor has not handled yet")
                    .baseUnit("events")
                    .tag("processor", name)
                    .register(meters);
            // staleness in time reads the same at any ingest rate, where a count of events does not
            TimeGauge.builder("recon.projection.lag.time", () -> lagSeconds(name), TimeUnit.SECONDS)
                    .description("How long the oldest event the projection processor has not handled has been in the"
                            + " event store (0 when it is at the head)")
                    .tag("processor", name)
                    .register(meters);
            // a parked sequence stays parked until someone retries it: operators alert on this, not on the log
            Gauge.builder("recon.projection.dead.letters", () -> deadLetterCount(name))
                    .description("Events parked in the projection's dead-letter queue (their position's sequence waits)")
                    .baseUnit("events")
                    .tag("processor", name)
                    .register(meters);
        }
    }

    public List<ProcessorStatus> statuses() {
        return groups.names().stream().map(this::status).toList();
    }

    /**
     * Where a processor stands, from the tokens every segment has committed (on any query node): a segment
     * that no node has claimed yet, or that a node is still replaying, keeps the processor behind, so
     * "caught up" means that every committed read-model row is there.
     */
    public ProcessorStatus status(String name) {
        processor(name);
        Long head = position(eventStore.createHeadToken());
        List<TrackingToken> segments = jdbc.query("select token, token_type from token_entry where processor_name = ?",
                (rs, i) -> token(rs.getBytes(1), rs.getString(2)), name);
        Long position = null;
        boolean replaying = false;
        double progress = 1.0;
        for (TrackingToken token : segments) {
            long at = token == null ? 0L : token.position().orElse(0L);
            position = position == null ? at : Math.min(position, at);
            OptionalLong reset = ReplayToken.getTokenAtReset(token);
            // Axon keeps the replay token until an event beyond the reset position arrives; the replay is over once it is reached
            if (ReplayToken.isReplay(token) && reset.isPresent() && at < reset.getAsLong()) {
                replaying = true;
                progress = Math.min(progress, reset.getAsLong() == 0 ? 0.0 : (double) at / reset.getAsLong());
            }
        }
        Long lag = head == null ? null : Math.max(0, head - (position == null ? 0 : position));
        return new ProcessorStatus(name, position, head, lag, replaying, progress);
    }

    /** Seconds since the oldest event beyond the processor's position was stored; 0 at the head. */
    private double lagSeconds(String name) {
        ProcessorStatus status = status(name);
        if (status.lag() == null || status.lag() == 0) {
            return 0;
        }
        long position = status.position() == null ? -1 : status.position();
        List<String> oldest = jdbc.queryForList("select time_stamp from domain_event_entry where global_index > ? "
                + "order by global_index limit 1", String.class, position);
        Instant stored = oldest.isEmpty() ? null : instant(oldest.get(0));
        return stored == null ? 0 : Math.max(0, Duration.between(stored, Instant.now()).toNanos() / 1e9);
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        return tokenSerializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
    }

    /** Clears the read model and the group's dead letters, then rebuilds from the first event while serving. */
    public ProcessorStatus replay(String name) {
        PooledStreamingEventProcessor processor = processor(name);
        processor.shutDown();
        try {
            processing().deadLetterQueue(name).ifPresent(queue -> queue.clear());
            processor.resetTokens();
        } finally {
            processor.start();
        }
        return status(name);
    }

    /** The dead letters of one group, or of every group when {@code group} is null. */
    private long deadLetterCount(String group) {
        return jdbc.queryForObject("select count(*) from dead_letter_entry where (cast(? as varchar) is null or processing_group = ?)",
                Long.class, group, group);
    }

    public PageView<DeadLetterView> deadLetters(String group, int page, int size) {
        long total = deadLetterCount(group);
        List<DeadLetterView> items = jdbc.query("select dead_letter_id, processing_group, sequence_identifier, "
                        + "sequence_index, event_identifier, payload_type, aggregate_identifier, sequence_number, "
                        + "cause_type, cause_message, enqueued_at, last_touched from dead_letter_entry "
                        + "where (cast(? as varchar) is null or processing_group = ?) "
                        + "order by processing_group, sequence_identifier, sequence_index limit ? offset ?",
                (rs, i) -> new DeadLetterView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), (Long) rs.getObject(8), rs.getString(9),
                        rs.getString(10), instant(rs.getString(11)), instant(rs.getString(12))),
                group, group, size, (long) page * size);
        return new PageView<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    /** Retries the sequence the dead letter belongs to, from its head; true when the whole sequence went through. */
    public boolean retry(String id) {
        List<Map<String, Object>> found = jdbc.queryForList(
                "select processing_group, sequence_identifier from dead_letter_entry where dead_letter_id = ?", id);
        if (found.isEmpty()) {
            throw ApiException.notFound("Dead letter " + id);
        }
        String group = (String) found.get(0).get("processing_group");
        String sequence = (String) found.get(0).get("sequence_identifier");
        String headEvent = jdbc.queryForObject("select event_identifier from dead_letter_entry "
                        + "where processing_group = ? and sequence_identifier = ? order by sequence_index limit 1",
                String.class, group, sequence);
        SequencedDeadLetterProcessor<org.axonframework.eventhandling.EventMessage<?>> processor = processing()
                .sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> ApiException.notFound("Dead-letter processor of " + group));
        return processor.process(letter -> letter.message().getIdentifier().equals(headEvent));
    }

    private PooledStreamingEventProcessor processor(String name) {
        if (!groups.names().contains(name)) {
            throw ApiException.notFound("Processor " + name);
        }
        return processing().eventProcessor(name, PooledStreamingEventProcessor.class)
                .orElseThrow(() -> ApiException.notFound("Processor " + name));
    }

    private EventProcessingConfiguration processing() {
        return axon.eventProcessingConfiguration();
    }

    private static Long position(TrackingToken token) {
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
