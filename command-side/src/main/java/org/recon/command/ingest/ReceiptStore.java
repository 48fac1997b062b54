package org.recon.command.ingest;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    Optional<Receipt> find(String system, String eventId) {
        return jdbc.sql("select system, event_id, kind, fingerprint, position_id, outcome, inbox_id from ingest_receipt "
                        + "where system = ? and event_id = ?")
                .params(system, eventId).query(Receipt.class).optional();
    }

    void settle(String system, String eventId, String positionId, String outcome, String inboxId) {
        jdbc.sql("update ingest_receipt set position_id = ?, outcome = ?, inbox_id = ? where system = ? and event_id = ?")
                .params(positionId, outcome, inboxId, system, eventId).update();
    }

    /** The receipt of one decided item of a chunk, written once with its outcome. */
    record Decided(String eventId, String kind, String fingerprint, String positionId, String outcome, String inboxId) {
    }

    /**
     * Records the receipts of a chunk's decided items in one statement, in the order of their eventIds so
     * that two chunks recording overlapping keys wait for each other instead of deadlocking. Written once,
     * with the outcome, in the transaction of the events they caused: a key another delivery recorded after
     * the caller looked (or is recording now: the statement waits for its transaction) is refused as a
     * {@link DuplicateKeyException}, which rolls the chunk back; its retry finds that receipt and answers
     * the item as a duplicate. The keys must be distinct.
     */
    void recordAll(String system, Collection<Decided> decided) {
        if (decided.isEmpty()) {
            return;
        }
        List<Decided> ordered = new ArrayList<>(decided);
        ordered.sort(Comparator.comparing(Decided::eventId));
        StringBuilder sql = new StringBuilder(
                "insert into ingest_receipt (system, event_id, kind, fingerprint, position_id, outcome, inbox_id) values ");
        List<Object> params = new ArrayList<>(ordered.size() * 7);
        for (int i = 0; i < ordered.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            Decided item = ordered.get(i);
            params.add(system);
            params.add(item.eventId());
            params.add(item.kind());
            params.add(item.fingerprint());
            params.add(new SqlParameterValue(Types.VARCHAR, item.positionId()));
            params.add(item.outcome());
            params.add(new SqlParameterValue(Types.VARCHAR, item.inboxId()));
        }
        sql.append(" on conflict (system, event_id) do nothing");
        int recorded = jdbc.sql(sql.toString()).params(params).update();
        if (recorded != ordered.size()) {
            throw new DuplicateKeyException((ordered.size() - recorded) + " of " + ordered.size()
                    + " receipts were recorded by a concurrent delivery of the same keys");
        }
    }

    Map<String, Receipt> findAll(String system, Collection<String> eventIds) {
        Map<String, Receipt> found = new HashMap<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        jdbc.sql("select system, event_id, kind, fingerprint, position_id, outcome, inbox_id from ingest_receipt "
                        + "where system = :system and event_id in (:eventIds)")
                .param("system", system).param("eventIds", List.copyOf(eventIds))
                .query(Receipt.class).list().forEach(receipt -> found.put(receipt.eventId(), receipt));
        return found;
    }
}
