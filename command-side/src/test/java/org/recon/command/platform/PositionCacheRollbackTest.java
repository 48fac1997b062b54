package org.recon.command.platform;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.MovementType;
import org.recon.api.position.RecordMovement;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ingest runs Axon's unit of work inside a wider transaction, which may roll back after the
 * command was handled. The positions' cache must not keep the rolled-back state: the next command
 * on the position decides on committed events only and appends right after them.
 */
class PositionCacheRollbackTest extends CommandSideIntegrationTest {

    @Autowired
    CommandGateway commands;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    private static RecordMovement adjustment(PositionId position, String eventId, long delta) {
        return new RecordMovement(position, SystemId.of("WAREHOUSE"), eventId, MovementType.ADJUSTED, Instant.now(), 0,
                delta, QuantityState.ON_HAND, null, null, AdjustmentReason.CORRECTION, null, null, "cache-test", true, null);
    }

    private void send(RecordMovement command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with("system", "WAREHOUSE").and("eventId", command.eventId()).and("actor", "cache-test")));
    }

    private List<Long> sequences(PositionId position) {
        return jdbc.queryForList("select sequence_number from domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", Long.class, position.asString());
    }

    private int eventsMentioning(String eventId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where convert_from(meta_data, 'UTF8') like ?",
                Integer.class, "%" + eventId + "%");
    }

    @Test
    void aStateRolledBackAfterTheCommandWasHandledIsNotReused() {
        PositionId position = PositionId.of("CACHE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), "WH-CACHE");
        String committedFirst = "cache-first-" + UUID.randomUUID();
        String rolledBack = "cache-rolled-back-" + UUID.randomUUID();
        String committedLater = "cache-later-" + UUID.randomUUID();

        transactions.executeWithoutResult(tx -> send(adjustment(position, committedFirst, 5)));
        List<Long> afterFirst = sequences(position);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            send(adjustment(position, rolledBack, 3));
            throw new IllegalStateException("the surrounding transaction fails after the command");
        })).hasMessageContaining("surrounding transaction");
        assertThat(sequences(position)).isEqualTo(afterFirst);

        transactions.executeWithoutResult(tx -> send(adjustment(position, committedLater, 7)));

        List<Long> stored = sequences(position);
        assertThat(stored).as("one gapless stream: the later command appended right after the committed events")
                .isEqualTo(LongStream.range(0, stored.size()).boxed().toList());
        assertThat(stored.size()).isGreaterThan(afterFirst.size());
        assertThat(eventsMentioning(rolledBack)).isZero();
        assertThat(eventsMentioning(committedLater)).isPositive();
    }

    @Test
    void aPositionCreatedInARolledBackTransactionDoesNotExistAfterwards() {
        PositionId position = PositionId.of("CACHE-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(), "WH-CACHE");
        String rolledBack = "cache-created-rolled-back-" + UUID.randomUUID();
        String committed = "cache-created-later-" + UUID.randomUUID();

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            send(adjustment(position, rolledBack, 4));
            throw new IllegalStateException("the surrounding transaction fails after the command");
        })).hasMessageContaining("surrounding transaction");
        transactions.executeWithoutResult(tx -> send(adjustment(position, committed, 2)));

        List<Long> stored = sequences(position);
        assertThat(stored).first().isEqualTo(0L);
        assertThat(stored).isEqualTo(LongStream.range(0, stored.size()).boxed().toList());
        assertThat(eventsMentioning(rolledBack)).isZero();
    }
}
