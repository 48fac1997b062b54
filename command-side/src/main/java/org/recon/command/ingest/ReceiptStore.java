package org.recon.command.ingest;

import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** A key to claim: one item of a batch. */
    record Claim(String eventId, String kind, String fingerprint) {
    }

    /** How a claimed key was settled. */
    record Settlement(String eventId, String positionId, String outcome, String inboxId) {
    }

    /**
     * Claims the keys of a batch in one statement, in the order of their eventIds so that two batches
     * claiming overlapping keys wait for each other instead of deadlocking. The keys must be distinct.
     *
     * @return the eventIds this delivery is the first of
     */
    Set<String> claimAll(String system, Collection<Claim> claims) {
        if (claims.isEmpty()) {
            return Set.of();
        }
        List<Claim> ordered = new ArrayList<>(claims);
        ordered.sort(Comparator.comparing(Claim::eventId));
        StringBuilder sql = new StringBuilder("insert into ingest_receipt (system, event_id, kind, fingerprint, outcome) values ");
        List<Object> params = new ArrayList<>(ordered.size() * 4);
        for (int i = 0; i < ordered.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, 'PENDING')");
            Claim claim = ordered.get(i);
            params.add(system);
            params.add(claim.eventId());
            params.add(claim.kind());
            params.add(claim.fingerprint());
        }
        sql.append(" on conflict (system, event_id) do nothing returning event_id");
        return new HashSet<>(jdbc.sql(sql.toString()).params(params).query(String.class).list());
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

    /** Settles the keys of a batch in one statement. */
    void settleAll(String system, List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("update ingest_receipt r set position_id = v.position_id, outcome = v.outcome, "
                + "inbox_id = v.inbox_id from (values ");
        List<Object> params = new ArrayList<>(settlements.size() * 4 + 1);
        for (int i = 0; i < settlements.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?::text, ?::text, ?::text, ?::text)");
            Settlement settlement = settlements.get(i);
            params.add(settlement.eventId());
            params.add(new SqlParameterValue(Types.VARCHAR, settlement.positionId()));
            params.add(settlement.outcome());
            params.add(new SqlParameterValue(Types.VARCHAR, settlement.inboxId()));
        }
        sql.append(") as v(event_id, position_id, outcome, inbox_id) where r.system = ? and r.event_id = v.event_id");
        params.add(system);
        jdbc.sql(sql.toString()).params(params).update();
    }
}
