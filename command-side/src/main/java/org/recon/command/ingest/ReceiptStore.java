package org.recon.command.ingest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The record of every {@code (system, eventId)} ever delivered: the idempotency key. Written in
 * the same transaction as the events it caused, so a receipt exists exactly when they do.
 */
@Component
class ReceiptStore {

    record Receipt(String system, String eventId, String kind, String fingerprint, String positionId, String outcome,
                   String inboxId) {
    }

    private final JdbcClient jdbc;

    ReceiptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims the key. A concurrent delivery of the same key waits here until the first one commits
     * or rolls back, then sees it: so two threads never both apply the same event.
     *
     * @return true if this delivery is the first
     */
    boolean claim(String system, String eventId, String kind, String fingerprint) {
        return jdbc.sql("insert into ingest_receipt (system, event_id, kind, fingerprint, outcome) values (?, ?, ?, ?, 'PENDING') "
                        + "on conflict (system, event_id) do nothing")
                .params(system, eventId, kind, fingerprint).update() == 1;
    }

    Optional<Receipt> find(String system, String eventId) {
        return jdbc.sql("select system, event_id, kind, fingerprint, position_id, outcome, inbox_id from ingest_receipt "
                        + "where system = ? and event_id = ?")
                .params(system, eventId).query(Receipt.class).optional();
    }

    void settle(String system, String eventId, String positionId, String outcome, String inboxId) {
        jdbc.sql("update ingest_receipt set position_id = ?, outcome = ?, inbox_id = ? where system = ? and event_id = ?")
                .params(positionId, outcome, inboxId, system, eventId).update();
    }
}
